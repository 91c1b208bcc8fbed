package dev.hivecast.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import io.fabric8.openshift.api.model.monitoring.v1.RuleGroup;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collector;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Prometheus finds the tracker through the ServiceMonitor; dashboards and rules are shipped from
 * the chart's dashboards/ and rules/ folders (copies of grafana/, which Helm cannot read:
 * GrafanaCopiesTest keeps them identical).
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
    void chartWithoutDashboardsOrRuleFilesRendersNeitherEvenWhenEnabled(@TempDir Path dir) throws IOException {
        Chart copy = withoutShippedFiles(chart.copyTo(dir.resolve("hivecast")));

        Manifests manifests = copy.render(Chart.INGRESS_HPA_MONITORING);

        assertThat(manifests.all(PrometheusRule.class)).isEmpty();
        assertThat(manifests.named(ConfigMap.class, "demo-hivecast-dashboards")).isEmpty();
    }

    @Test
    void dashboardFilesBecomeAConfigMapForTheGrafanaSidecar(@TempDir Path dir) throws IOException {
        Chart copy = withoutShippedFiles(chart.copyTo(dir.resolve("hivecast")));
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
        Chart copy = withoutShippedFiles(chart.copyTo(dir.resolve("hivecast")));
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

    @Test
    void theDashboardsConfigMapShipsEveryGrafanaDashboardAsItIs() throws IOException {
        ConfigMap dashboards = chart.render().get(ConfigMap.class, "demo-hivecast-dashboards");

        assertThat(dashboards.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
        List<Path> originals = GrafanaOriginals.dashboards();
        assertThat(originals).isNotEmpty();
        assertThat(dashboards.getData()).containsOnlyKeys(GrafanaOriginals.names(originals));
        for (Path original : originals) {
            String shipped = dashboards.getData().get(original.getFileName().toString());
            // The template's |- block drops the file's final newline, nothing else.
            assertThat(shipped).as("%s in the ConfigMap", original.getFileName())
                    .isEqualTo(Files.readString(original).stripTrailing());
            assertThat(Manifests.readYaml(shipped).path("uid").asText())
                    .isEqualTo(original.getFileName().toString().replace(".json", ""));
        }
    }

    @Test
    void thePrometheusRuleShipsEveryGroupAndRuleOfGrafanaAsTheyAre() {
        PrometheusRule rule = chart.render(Chart.INGRESS_HPA_MONITORING).one(PrometheusRule.class);

        List<Path> originals = GrafanaOriginals.ruleFiles();
        assertThat(originals).isNotEmpty();
        // The files' groups read into the same model, so both sides compare field by field.
        List<RuleGroup> groups = new ArrayList<>();
        for (Path original : originals) {
            for (JsonNode group : Manifests.readYaml(GrafanaOriginals.read(original)).path("groups")) {
                groups.add(Manifests.fromTree(group, RuleGroup.class));
            }
        }
        assertThat(groups).isNotEmpty();
        assertThat(rule.getSpec().getGroups()).containsExactlyElementsOf(groups);
        assertThat(rule.getSpec().getGroups()).flatExtracting(g -> g.getRules()).extracting(Rule::getAlert)
                .contains("HivecastTrackerDown", "HivecastTrackerAbsent");
    }

    @Test
    void aThresholdFromValuesReplacesTheLastLineOfItsAlertAndNothingElse() {
        Map<String, String> shipped = expressions(chart.render(Chart.INGRESS_HPA_MONITORING));

        Map<String, String> tuned = expressions(chart.render(Chart.INGRESS_HPA_MONITORING, Map.of(
                "prometheusRule.thresholds.HivecastMemoryNearLimit", "0.85",
                "prometheusRule.thresholds.HivecastTlsCertificateExpiringSoon", "21 * 86400")));

        assertThat(tuned.get("HivecastMemoryNearLimit")).endsWith("\n> 0.85\n")
                .isEqualTo(withoutLastLine(shipped.get("HivecastMemoryNearLimit")) + "> 0.85\n");
        assertThat(tuned.get("HivecastTlsCertificateExpiringSoon"))
                .isEqualTo(withoutLastLine(shipped.get("HivecastTlsCertificateExpiringSoon")) + "< 21 * 86400\n");
        assertThat(shipped.get("HivecastMemoryNearLimit")).endsWith("\n> 0.9\n");
        Map<String, String> others = new LinkedHashMap<>(tuned);
        others.keySet().removeAll(List.of("HivecastMemoryNearLimit", "HivecastTlsCertificateExpiringSoon"));
        assertThat(others).hasSize(shipped.size() - 2).allSatisfy((alert, expr) ->
                assertThat(expr).as(alert).isEqualTo(shipped.get(alert)));
    }

    @Test
    void aThresholdForAnAlertWithoutOneOrNoAlertAtAllFailsTheInstallWithItsName() {
        assertThatThrownBy(() -> chart.render(Chart.INGRESS_HPA_MONITORING,
                Map.of("prometheusRule.thresholds.HivecastTrackerDwon", "1")))
                .hasMessageContaining("prometheusRule.thresholds.HivecastTrackerDwon: no alert of that name");
        assertThatThrownBy(() -> chart.render(Chart.INGRESS_HPA_MONITORING,
                Map.of("prometheusRule.thresholds.HivecastTrackerDown", "1")))
                .hasMessageContaining("prometheusRule.thresholds.HivecastTrackerDown: that alert's expression "
                        + "does not end in a threshold line");
        // Not a number nor a scalar expression: PromQL of any kind would otherwise reach Prometheus.
        assertThatThrownBy(() -> chart.render(Chart.INGRESS_HPA_MONITORING,
                Map.of("prometheusRule.thresholds.HivecastMemoryNearLimit", "0.9 or vector(1)")))
                .hasMessageContaining("thresholds");
    }

    @Test
    void theRunbookBaseUrlFromValuesKeepsEachAlertsSection() {
        PrometheusRule rule = chart.render(Chart.INGRESS_HPA_MONITORING,
                Map.of("prometheusRule.runbookBaseUrl", "https://wiki.example.org/hivecast/runbooks")).one(PrometheusRule.class);

        List<Rule> rules = rule.getSpec().getGroups().stream().flatMap(g -> g.getRules().stream()).toList();
        assertThat(rules).hasSizeGreaterThanOrEqualTo(18).allSatisfy(r -> assertThat(r.getAnnotations())
                .containsEntry("runbook_url", "https://wiki.example.org/hivecast/runbooks#" + r.getAlert().toLowerCase(java.util.Locale.ROOT)));
    }

    @Test
    void everyShippedAlertLinksToItsRunbookSection() {
        PrometheusRule rule = chart.render(Chart.INGRESS_HPA_MONITORING).one(PrometheusRule.class);

        assertThat(rule.getSpec().getGroups().stream().flatMap(g -> g.getRules().stream()).toList())
                .allSatisfy(r -> assertThat(r.getAnnotations().get("runbook_url"))
                        .endsWith("/docs/runbooks.md#" + r.getAlert().toLowerCase(java.util.Locale.ROOT)));
    }

    private static Map<String, String> expressions(Manifests manifests) {
        Map<String, String> out = new LinkedHashMap<>();
        for (RuleGroup group : manifests.one(PrometheusRule.class).getSpec().getGroups()) {
            for (Rule r : group.getRules()) {
                out.put(r.getAlert(), r.getExpr().getStrVal());
            }
        }
        return out;
    }

    private static String withoutLastLine(String expr) {
        String body = expr.endsWith("\n") ? expr.substring(0, expr.length() - 1) : expr;
        return body.substring(0, body.lastIndexOf('\n') + 1);
    }

    /**
     * Prometheus Operator names a ServiceMonitor's job after the Service it scrapes, or after the
     * Service's label that jobLabel names. The alerts that a tracker is down or gone must select
     * that job for any release name, including ones whose names hold no "hivecast".
     */
    @ParameterizedTest(name = "release {0} with {1}")
    @MethodSource("releases")
    void theTrackerDownAlertsSelectTheJobPrometheusGivesTheTrackerWhateverTheReleaseIsCalled(
            String release, Map<String, Object> sets) {
        Manifests manifests = chart.renderRelease(release, Chart.INGRESS_HPA_MONITORING, sets);
        ServiceMonitor monitor = manifests.one(ServiceMonitor.class);
        Map<String, String> selector = monitor.getSpec().getSelector().getMatchLabels();
        Service scraped = manifests.all(Service.class).stream()
                .filter(s -> s.getMetadata().getLabels().entrySet().containsAll(selector.entrySet()))
                .collect(onlyOne());
        Map<String, String> serviceLabels = scraped.getMetadata().getLabels();
        String jobLabel = monitor.getSpec().getJobLabel();
        String job = jobLabel != null && serviceLabels.containsKey(jobLabel)
                ? serviceLabels.get(jobLabel) : scraped.getMetadata().getName();
        Map<String, String> upSeries = Map.of("__name__", "up", "job", job, "namespace", Chart.NAMESPACE,
                "service", scraped.getMetadata().getName());

        Map<String, String> expressions = new LinkedHashMap<>();
        for (var group : manifests.one(PrometheusRule.class).getSpec().getGroups()) {
            for (Rule r : group.getRules()) {
                expressions.put(r.getAlert(), r.getExpr().getStrVal());
            }
        }
        for (String alert : List.of("HivecastTrackerDown", "HivecastTrackerAbsent")) {
            String selectorOfUp = PromSelector.of(expressions.get(alert), "up");
            assertThat(PromSelector.matches(selectorOfUp, upSeries))
                    .as("%s's %s selects job %s", alert, selectorOfUp, job).isTrue();
        }
    }

    static Stream<Arguments> releases() {
        return Stream.of(
                Arguments.of(Chart.RELEASE, Map.of()),
                Arguments.of("tracker", Map.of()),
                Arguments.of("tracker", Map.of("nameOverride", "tracker")),
                Arguments.of("live", Map.of("fullnameOverride", "signal")));
    }

    @Test
    void theSelectorReaderFindsTheTrackerJobAndRefusesAnother() {
        String selector = PromSelector.of("absent(up{job=\"hivecast\", namespace!=\"test\"})", "up");

        assertThat(PromSelector.matches(selector, Map.of("job", "hivecast", "namespace", "live"))).isTrue();
        assertThat(PromSelector.matches(selector, Map.of("job", "hivecast", "namespace", "test"))).isFalse();
        assertThat(PromSelector.matches(selector, Map.of("job", "tracker-admin"))).isFalse();
        assertThat(PromSelector.matches("{job=~\".*hivecast.*\"}", Map.of("job", "tracker-admin"))).isFalse();
        assertThat(PromSelector.matches("{job=~\".*hivecast.*\"}", Map.of("job", "demo-hivecast-admin"))).isTrue();
    }

    private static <T> Collector<T, ?, T> onlyOne() {
        return Collectors.collectingAndThen(Collectors.toList(), list -> {
            assertThat(list).hasSize(1);
            return list.get(0);
        });
    }

    /** A copy of the chart with its shipped dashboards and rule files removed. */
    private static Chart withoutShippedFiles(Chart copy) throws IOException {
        for (String folder : List.of("dashboards", "rules")) {
            try (var files = Files.list(copy.dir().resolve(folder))) {
                for (Path file : files.filter(f -> !f.getFileName().toString().equals("README.md")).toList()) {
                    Files.delete(file);
                }
            }
        }
        return copy;
    }
}
