package dev.hivecast.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
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

    @Test
    void theJvmNamesItsCollectorCapsHeapAndDirectMemoryAndIsTheImagesOwn() throws IOException {
        TrackerPod pod = new TrackerPod(chart.render(Chart.SINGLE_NODE));
        String options = pod.envValue("JDK_JAVA_OPTIONS");

        assertThat(pod.container().getResources().getLimits()).containsKey("memory");
        assertThat(options).containsPattern("-XX:\\+Use(Serial|G1|Parallel)GC")
                .contains("-XX:MaxRAMPercentage=").contains("-XX:MaxDirectMemorySize=");
        // docker run without the chart gets the JVM the chart was measured with.
        Path service = Chart.repository().resolve("tracker-service");
        assertThat(firstMatch(service.resolve("Dockerfile"), "(?m)^ENV JDK_JAVA_OPTIONS=\"([^\"]*)\"$"))
                .isEqualTo(options);
        assertThat(firstMatch(service.resolve("pom.xml"), "<JDK_JAVA_OPTIONS>([^<]*)</JDK_JAVA_OPTIONS>"))
                .isEqualTo(options);
    }

    private static String firstMatch(Path file, String regex) throws IOException {
        Matcher m = Pattern.compile(regex).matcher(Files.readString(file));
        assertThat(m.find()).as("%s in %s", regex, file).isTrue();
        return m.group(1);
    }
}
