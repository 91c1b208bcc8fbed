package dev.hivecast.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a cluster's own conventions need without forking the chart: volumes, environment, init
 * containers, sidecars, scheduling and probe timings, each taken from values into the pod.
 */
class ExtensionPointsTest {

    private final Chart chart = Chart.source();

    @Test
    void extraVolumeIsMountedInTheTrackerBesideTheChartsOwn() {
        TrackerPod pod = new TrackerPod(chart.renderWithValues("""
                extraVolumes:
                  - name: geoip
                    configMap:
                      name: geoip-db
                extraVolumeMounts:
                  - name: geoip
                    mountPath: /var/lib/geoip
                    readOnly: true
                """));

        assertThat(pod.volume("geoip").getConfigMap().getName()).isEqualTo("geoip-db");
        assertThat(pod.mountHolding("/var/lib/geoip/city.mmdb").getName()).isEqualTo("geoip");
        assertThat(pod.mountHolding("/etc/hivecast/tracker.yaml").getName()).isEqualTo("config");
        assertThat(pod.volume("tmp").getEmptyDir()).isNotNull();
    }

    @Test
    void extraEnvAndEnvFromReachTheTracker() {
        TrackerPod pod = new TrackerPod(chart.renderWithValues("""
                extraEnv:
                  - name: TZ
                    value: UTC
                extraEnvFrom:
                  - secretRef:
                      name: tracker-settings
                  - configMapRef:
                      name: tracker-tuning
                      optional: true
                """));

        assertThat(pod.envValue("TZ")).isEqualTo("UTC");
        assertThat(pod.envValue("TRACKER_CONFIG")).isEqualTo("/etc/hivecast/tracker.yaml");
        assertThat(pod.container().getEnvFrom()).satisfiesExactly(
                first -> assertThat(first.getSecretRef().getName()).isEqualTo("tracker-settings"),
                second -> assertThat(second.getConfigMapRef().getOptional()).isTrue());
    }

    @Test
    void noEnvFromUnlessAsked() {
        assertThat(new TrackerPod(chart.render()).container().getEnvFrom()).isNullOrEmpty();
    }

    @Test
    void initContainersRunBeforeTheTrackerAndSidecarsRunBesideIt() {
        TrackerPod pod = new TrackerPod(chart.renderWithValues("""
                initContainers:
                  - name: wait-for-redis
                    image: busybox:1.36
                    command: ["sh", "-c", "until nc -z redis 6379; do sleep 1; done"]
                extraContainers:
                  - name: log-shipper
                    image: fluent/fluent-bit:3.1
                """));

        assertThat(pod.spec().getInitContainers()).extracting(Container::getName).containsExactly("wait-for-redis");
        assertThat(pod.spec().getContainers()).extracting(Container::getName)
                .containsExactly("tracker", "log-shipper");
        assertThat(pod.container().getName()).isEqualTo("tracker");
    }

    @Test
    void priorityClassAndRevisionHistoryComeFromValues() {
        Manifests defaults = chart.render();
        assertThat(new TrackerPod(defaults).spec().getPriorityClassName()).isNull();
        assertThat(new TrackerPod(defaults).deployment().getSpec().getRevisionHistoryLimit()).isEqualTo(10);

        TrackerPod pod = new TrackerPod(chart.render(Map.of("priorityClassName", "live-critical",
                "revisionHistoryLimit", 3)));
        assertThat(pod.spec().getPriorityClassName()).isEqualTo("live-critical");
        assertThat(pod.deployment().getSpec().getRevisionHistoryLimit()).isEqualTo(3);
    }

    @Test
    void topologySpreadConstraintsReplaceTheDefaultSpreadOverNodes() {
        TrackerPod defaults = new TrackerPod(chart.render());
        assertThat(defaults.spec().getTopologySpreadConstraints()).singleElement()
                .extracting(TopologySpreadConstraint::getTopologyKey).isEqualTo("kubernetes.io/hostname");

        TrackerPod pod = new TrackerPod(chart.renderWithValues("""
                topologySpreadConstraints:
                  - maxSkew: 1
                    topologyKey: topology.kubernetes.io/zone
                    whenUnsatisfiable: DoNotSchedule
                    labelSelector:
                      matchLabels:
                        app.kubernetes.io/instance: demo
                """));
        assertThat(pod.spec().getTopologySpreadConstraints()).singleElement()
                .satisfies(c -> assertThat(c.getTopologyKey()).isEqualTo("topology.kubernetes.io/zone"))
                .satisfies(c -> assertThat(c.getWhenUnsatisfiable()).isEqualTo("DoNotSchedule"));
    }

    @Test
    void podLabelsAndAnnotationsJoinTheChartsOwn() {
        PodTemplateSpec template = new TrackerPod(chart.render(Map.of("podLabels.team", "video",
                "podAnnotations.example\\.com/owner", "live-ops"))).deployment().getSpec().getTemplate();

        assertThat(template.getMetadata().getLabels()).containsEntry("team", "video")
                .containsEntry("app.kubernetes.io/name", "hivecast");
        assertThat(template.getMetadata().getAnnotations()).containsEntry("example.com/owner", "live-ops")
                .containsKey("checksum/config");
    }

    @Test
    void probeTimingsComeFromValuesAndThePathsStayTheTrackers() {
        TrackerPod pod = new TrackerPod(chart.renderWithValues("""
                probes:
                  startup:
                    periodSeconds: 5
                    failureThreshold: 120
                  liveness:
                    initialDelaySeconds: 30
                    timeoutSeconds: 5
                  readiness:
                    periodSeconds: 3
                    successThreshold: 2
                """));
        Container tracker = pod.container();

        assertProbe(tracker.getStartupProbe(), "/health", 5, 1, 120);
        assertThat(tracker.getLivenessProbe().getInitialDelaySeconds()).isEqualTo(30);
        assertProbe(tracker.getLivenessProbe(), "/health", 10, 5, 3);
        assertProbe(tracker.getReadinessProbe(), "/ready", 3, 2, 1);
        assertThat(tracker.getReadinessProbe().getSuccessThreshold()).isEqualTo(2);
    }

    @Test
    void defaultProbeTimingsAreThoseTheDrainWasTimedWith() {
        Container tracker = new TrackerPod(chart.render()).container();

        assertProbe(tracker.getStartupProbe(), "/health", 2, 1, 60);
        assertProbe(tracker.getLivenessProbe(), "/health", 10, 3, 3);
        assertProbe(tracker.getReadinessProbe(), "/ready", 2, 2, 1);
    }

    @Test
    void aProbeCannotBeGivenItsOwnHandler() {
        assertThatThrownBy(() -> chart.renderWithValues("probes:\n  liveness:\n    exec:\n      command: [\"true\"]\n"))
                .hasMessageContaining("at '/probes/liveness'")
                .hasMessageContaining("additional properties 'exec' not allowed");
    }

    @Test
    void jsonLogsArePassedToTheTrackerAndTextIsItsDefault() {
        assertThat(new TrackerPod(chart.render()).container().getEnv()).extracting(EnvVar::getName)
                .doesNotContain("TRACKER_LOG_FORMAT");
        assertThat(new TrackerPod(chart.render(Map.of("logFormat", "json"))).envValue("TRACKER_LOG_FORMAT"))
                .isEqualTo("json");
        assertThatThrownBy(() -> chart.render(Map.of("logFormat", "logfmt")))
                .hasMessageContaining("at '/logFormat'");
    }

    @Test
    void logFormatUnderConfigIsRefusedForTheChartsValue() {
        assertThatThrownBy(() -> chart.render(Map.of("config.log-format", "json")))
                .hasMessageContaining("config.log-format is set by the chart")
                .hasMessageContaining("logFormat");
    }

    private static void assertProbe(Probe probe, String path, Integer period, Integer timeout, Integer failures) {
        assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
        assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("admin");
        assertThat(probe.getPeriodSeconds()).isEqualTo(period);
        assertThat(probe.getTimeoutSeconds()).isEqualTo(timeout);
        assertThat(probe.getFailureThreshold()).isEqualTo(failures);
    }
}
