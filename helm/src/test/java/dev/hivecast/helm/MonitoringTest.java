package dev.hivecast.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prometheus finds the tracker through the ServiceMonitor; dashboards and rules are shipped from
 * the chart's dashboards/ and rules/ folders (copies of grafana/, which Helm cannot read).
 */
class MonitoringTest {

    private static final String DASHBOARD = """
            {"uid": "hivecast-test", "title": "Hivecast test", "panels": []}
            """;
    private static final String RULES = """
            groups:
              - name: hivecast-test
                rules:
                  - alert: HivecastTestDown
                    expr: up{job="demo-hivecast-admin"} == 0
                    for: 5m
            """;

    private final Chart chart = Chart.source();

    @Test
    void serviceMonitorCarriesTheLabelsPrometheusSelectsOn() {
        ServiceMonitor monitor = chart.render(Chart.INGRESS_HPA_MONITORING).one(ServiceMonitor.class);

        assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack");
        assertThat(monitor.getSpec().getEndpoints()).singleElement().satisfies(e -> {
            assertThat(e.getPath()).isEqualTo("/metrics");
            assertThat(e.getInterval()).isEqualTo("30s");
        });
    }

    @Test
    void nothingIsRenderedForMonitoringByDefault() {
        Manifests manifests = chart.render();

        assertThat(manifests.all(ServiceMonitor.class)).isEmpty();
        assertThat(manifests.all(PrometheusRule.class)).isEmpty();
    }

    @Test
    void chartWithoutDashboardsOrRuleFilesRendersNeitherEvenWhenEnabled() throws IOException {
        assertThat(jsonFiles(chart.dir().resolve("dashboards"), ".json")).isZero();
        assertThat(jsonFiles(chart.dir().resolve("rules"), ".yaml")).isZero();
        Manifests manifests = chart.render(Chart.INGRESS_HPA_MONITORING);

        assertThat(manifests.all(PrometheusRule.class)).isEmpty();
        assertThat(manifests.named(ConfigMap.class, "demo-hivecast-dashboards")).isEmpty();
    }

    @Test
    void dashboardFilesBecomeAConfigMapForTheGrafanaSidecar(@TempDir Path dir) throws IOException {
        Chart copy = chart.copyTo(dir.resolve("hivecast"));
        Files.writeString(copy.dir().resolve("dashboards/hivecast-overview.json"), DASHBOARD);

        Manifests manifests = copy.render(Map.of("grafana.dashboards.folder", "Hivecast"));

        ConfigMap dashboards = manifests.get(ConfigMap.class, "demo-hivecast-dashboards");
        assertThat(dashboards.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
        assertThat(dashboards.getMetadata().getAnnotations()).containsEntry("grafana_folder", "Hivecast");
        assertThat(dashboards.getData()).containsOnlyKeys("hivecast-overview.json");
        assertThat(dashboards.getData().get("hivecast-overview.json")).isEqualTo(DASHBOARD.strip());
    }

    @Test
    void ruleFilesBecomeOnePrometheusRule(@TempDir Path dir) throws IOException {
        Chart copy = chart.copyTo(dir.resolve("hivecast"));
        Files.writeString(copy.dir().resolve("rules/hivecast-alerts.yaml"), RULES);

        PrometheusRule rule = copy.render(Chart.INGRESS_HPA_MONITORING).one(PrometheusRule.class);

        assertThat(rule.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack");
        assertThat(rule.getSpec().getGroups()).singleElement().satisfies(group -> {
            assertThat(group.getName()).isEqualTo("hivecast-test");
            Rule alert = group.getRules().get(0);
            assertThat(alert.getAlert()).isEqualTo("HivecastTestDown");
            assertThat(alert.getExpr().getStrVal()).isEqualTo("up{job=\"demo-hivecast-admin\"} == 0");
            assertThat(alert.getFor()).isEqualTo("5m");
        });
    }

    private static long jsonFiles(Path folder, String suffix) throws IOException {
        try (var files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix)).count();
        }
    }
}
