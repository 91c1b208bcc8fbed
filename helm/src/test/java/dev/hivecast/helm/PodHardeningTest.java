package dev.hivecast.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PodHardeningTest {

    private final Chart chart = Chart.source();

    @ParameterizedTest
    @ValueSource(strings = {Chart.SINGLE_NODE, Chart.HAZELCAST_3_NODES, Chart.REDIS, Chart.REDIS_TLS,
            Chart.INGRESS_HPA_MONITORING, Chart.ACCESS_TLS,
            Chart.GATEWAY_EXTENSIONS})
    void runsAsNonRootOnAReadOnlyRootFilesystemWithAWritableTmp(String scenario) {
        TrackerPod pod = new TrackerPod(chart.render(scenario));
        PodSecurityContext podContext = pod.spec().getSecurityContext();
        Container container = pod.container();
        SecurityContext context = container.getSecurityContext();

        assertThat(podContext.getRunAsNonRoot()).isTrue();
        assertThat(podContext.getRunAsUser()).isPositive();
        assertThat(context.getReadOnlyRootFilesystem()).isTrue();
        assertThat(context.getAllowPrivilegeEscalation()).isFalse();
        assertThat(context.getCapabilities().getDrop()).containsExactly("ALL");
        VolumeMount tmp = container.getVolumeMounts().stream()
                .filter(m -> m.getMountPath().equals("/tmp")).findFirst().orElseThrow();
        assertThat(tmp.getReadOnly()).isNotEqualTo(Boolean.TRUE);
        Volume volume = pod.spec().getVolumes().stream()
                .filter(v -> v.getName().equals(tmp.getName())).findFirst().orElseThrow();
        assertThat(volume.getEmptyDir()).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {Chart.SINGLE_NODE, Chart.HAZELCAST_3_NODES})
    void serviceLinksAreOffBecauseTheTrackerRefusesUnknownTrackerVariables(String scenario) {
        TrackerPod pod = new TrackerPod(chart.render(scenario));

        // A Service named tracker-* would inject TRACKER_*_PORT=tcp://... into the pod.
        assertThat(pod.spec().getEnableServiceLinks()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {Chart.SINGLE_NODE})
    void heapIsAShareOfTheMemoryLimit(String scenario) {
        TrackerPod pod = new TrackerPod(chart.render(scenario));

        assertThat(pod.container().getResources().getLimits()).containsKey("memory");
        assertThat(pod.envValue("JDK_JAVA_OPTIONS")).contains("-XX:MaxRAMPercentage=75").contains("-XX:GCTimeRatio=49");
    }
}
