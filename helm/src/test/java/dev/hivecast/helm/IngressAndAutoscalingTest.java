package dev.hivecast.helm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivecast.tracker.config.TrackerConfig;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IngressAndAutoscalingTest {

    private final Chart chart = Chart.source();

    @Test
    void ingressKeepsIdleWebSocketsLongerThanTheAnnounceIntervalAndThePings() {
        Manifests manifests = chart.render(Chart.INGRESS_HPA_MONITORING);
        TrackerConfig config = new TrackerPod(manifests).loadConfig();
        Map<String, String> annotations = manifests.one(Ingress.class).getMetadata().getAnnotations();

        for (String timeout : new String[] {"nginx.ingress.kubernetes.io/proxy-read-timeout",
                "nginx.ingress.kubernetes.io/proxy-send-timeout"}) {
            long seconds = Long.parseLong(annotations.get(timeout));
            assertThat(seconds).as(timeout).isGreaterThan(config.announce().interval().toSeconds())
                    .isGreaterThan(config.connection().pingInterval().toSeconds());
        }
    }

    @Test
    void ingressServesTlsForTheHostPlayersUse() {
        Ingress ingress = chart.render(Chart.INGRESS_HPA_MONITORING).one(Ingress.class);

        assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
        assertThat(ingress.getSpec().getTls()).singleElement().satisfies(tls -> {
            assertThat(tls.getHosts()).containsExactly("tracker.example.com");
            assertThat(tls.getSecretName()).isEqualTo("demo-hivecast-tls");
        });
        assertThat(ingress.getSpec().getRules().get(0).getHost()).isEqualTo("tracker.example.com");
    }

    @Test
    void noIngressNorAutoscalerUnlessAskedFor() {
        Manifests manifests = chart.render(Chart.SINGLE_NODE);

        assertThat(manifests.all(Ingress.class)).isEmpty();
        assertThat(manifests.all(HorizontalPodAutoscaler.class)).isEmpty();
        assertThat(new TrackerPod(manifests).deployment().getSpec().getReplicas()).isEqualTo(1);
    }

    @Test
    void autoscalerScalesOnCpuAndOptionallyOnConnectionsPerPod() {
        Manifests manifests = chart.render(Chart.INGRESS_HPA_MONITORING);
        HorizontalPodAutoscaler hpa = manifests.one(HorizontalPodAutoscaler.class);

        assertThat(hpa.getSpec().getScaleTargetRef().getName())
                .isEqualTo(new TrackerPod(manifests).deployment().getMetadata().getName());
        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(3);
        assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(12);
        assertThat(hpa.getSpec().getMetrics()).extracting(MetricSpec::getType)
                .containsExactly("Resource", "Pods");
        MetricSpec cpu = hpa.getSpec().getMetrics().get(0);
        assertThat(cpu.getResource().getName()).isEqualTo("cpu");
        assertThat(cpu.getResource().getTarget().getAverageUtilization()).isEqualTo(70);
        MetricSpec connections = hpa.getSpec().getMetrics().get(1);
        assertThat(connections.getPods().getMetric().getName()).isEqualTo("tracker_connections");
        assertThat(connections.getPods().getTarget().getAverageValue().toString()).isEqualTo("5000");
        // The HPA owns the replica count.
        assertThat(new TrackerPod(manifests).deployment().getSpec().getReplicas()).isNull();
    }

    @Test
    void connectionsMetricIsAGaugeTheTrackerExports() throws IOException {
        MetricSpec connections = chart.render(Chart.INGRESS_HPA_MONITORING).one(HorizontalPodAutoscaler.class)
                .getSpec().getMetrics().stream().filter(m -> m.getType().equals("Pods")).findFirst().orElseThrow();
        String metric = connections.getPods().getMetric().getName();

        // The Metrics table of docs/metrics.md, which MetricsIT holds the tracker's /metrics to. An
        // average per pod needs a gauge: prometheus-adapter serves one under its own name as it is.
        List<String> metricsPage = Files.readAllLines(Chart.repository().resolve("docs").resolve("metrics.md"));
        assertThat(metricsPage).as("docs/metrics.md Metrics table row of %s", metric)
                .anyMatch(row -> row.startsWith("| `" + metric + "` | gauge |"));
    }

    @Test
    void defaultAutoscalerUsesCpuOnly() {
        HorizontalPodAutoscaler hpa = chart.render(Map.of("autoscaling.enabled", true))
                .one(HorizontalPodAutoscaler.class);

        assertThat(hpa.getSpec().getMetrics()).extracting(MetricSpec::getType).containsExactly("Resource");
    }
}
