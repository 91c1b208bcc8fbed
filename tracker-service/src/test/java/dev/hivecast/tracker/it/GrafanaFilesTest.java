package dev.hivecast.tracker.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * The conventions of the dashboards (kubernetes-mixin's: stable uid, $datasource/$namespace/$pod,
 * $__rate_interval, percentiles from histograms, units, a description per panel), and that the
 * provisioning manifests carry exactly the dashboards and rules of {@code grafana/}. What the
 * queries return is DashboardQueriesIT's business, against a real Prometheus.
 */
class GrafanaFilesTest {

    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\{([^}]*)}");
    private static final Pattern CONTAINER_METRIC = Pattern.compile("(container|kube_pod_container)_\\w+");
    private static final Pattern RANGE_FUNCTION = Pattern.compile("\\b(rate|increase|irate)\\(");

    @Test
    void dashboardsHaveStableUidsTheThreeVariablesAndADescribedUnitOnEveryPanel() {
        List<Path> dashboards = GrafanaFiles.dashboards();
        assertThat(dashboards).extracting(p -> p.getFileName().toString())
                .containsExactlyInAnyOrder("hivecast-overview.json", "hivecast-nodes.json");
        Set<String> uids = new HashSet<>();
        SoftAssertions soft = new SoftAssertions();
        for (Path file : dashboards) {
            JsonNode d = GrafanaFiles.read(file);
            String uid = d.path("uid").asText();
            soft.assertThat(file.getFileName().toString()).as("file named after its uid").isEqualTo(uid + ".json");
            soft.assertThat(uids.add(uid)).as("uid %s unique", uid).isTrue();
            List<String> variables = new ArrayList<>();
            d.path("templating").path("list").forEach(v -> variables.add(v.path("name").asText()));
            soft.assertThat(variables).as("variables of %s", uid).containsExactly("datasource", "namespace", "pod");
            JsonNode ds = d.path("templating").path("list").get(0);
            soft.assertThat(ds.path("type").asText() + ":" + ds.path("query").asText()).isEqualTo("datasource:prometheus");
            for (JsonNode p : GrafanaFiles.panels(d)) {
                String title = uid + " / " + p.path("title").asText();
                soft.assertThat(p.path("description").asText()).as("description of %s", title).hasSizeGreaterThan(20);
                soft.assertThat(p.path("fieldConfig").path("defaults").path("unit").asText()).as("unit of %s", title)
                        .isNotBlank();
                soft.assertThat(p.path("datasource").path("uid").asText()).as("datasource of %s", title)
                        .isEqualTo("${datasource}");
                if ("stat".equals(p.path("type").asText())) {
                    checkThresholds(soft, title, p.path("fieldConfig").path("defaults").path("thresholds"));
                }
                for (JsonNode t : p.path("targets")) {
                    String expr = t.path("expr").asText();
                    soft.assertThat(t.path("datasource").path("uid").asText()).as("target datasource of %s", title)
                            .isEqualTo("${datasource}");
                    checkExpression(soft, title, expr);
                }
            }
        }
        soft.assertAll();
    }

    private static void checkExpression(SoftAssertions soft, String title, String expr) {
        Matcher selector = SELECTOR.matcher(expr);
        int selectors = 0;
        while (selector.find()) {
            selectors++;
            soft.assertThat(selector.group(2)).as("selector of %s in %s", selector.group(1), title)
                    .contains("namespace=~\"$namespace\"").contains("pod=~\"$pod\"");
            // Series of the container come from cAdvisor and kube-state-metrics, other jobs than the tracker's.
            if (!CONTAINER_METRIC.matcher(selector.group(1)).matches()) {
                soft.assertThat(selector.group(2)).as("job of %s in %s", selector.group(1), title)
                        .contains("job=\"hivecast\"");
            }
        }
        soft.assertThat(selectors).as("selectors in %s: %s", title, expr).isPositive();
        if (RANGE_FUNCTION.matcher(expr).find()) {
            soft.assertThat(expr.replace("[$__rate_interval]", "")).as("ranges of %s", title).doesNotContain("[");
        }
        if (expr.contains("histogram_quantile")) {
            soft.assertThat(expr).as("percentiles of %s from buckets", title).contains("_bucket{").containsPattern("by \\(([^)]*, )?le\\)");
        }
    }

    /**
     * A stat whose every value is green tells an operator nothing: each must turn amber or red
     * somewhere, from a base step, in ascending order.
     */
    private static void checkThresholds(SoftAssertions soft, String title, JsonNode thresholds) {
        List<String> colours = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        thresholds.path("steps").forEach(step -> {
            colours.add(step.path("color").asText());
            values.add(step.path("value").isNull() ? Double.NEGATIVE_INFINITY : step.path("value").asDouble());
        });
        soft.assertThat(thresholds.path("mode").asText()).as("threshold mode of %s", title).isEqualTo("absolute");
        soft.assertThat(colours).as("threshold colours of %s", title).hasSizeGreaterThanOrEqualTo(2)
                .containsAnyOf("red", "orange").contains("green");
        soft.assertThat(values).as("threshold values of %s", title).isSorted().doesNotHaveDuplicates()
                .first().isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void theAnswerRateStatIsRedAtZero() {
        JsonNode overview = GrafanaFiles.read(GrafanaFiles.DIR.resolve("hivecast-overview.json"));
        JsonNode stat = GrafanaFiles.panels(overview).stream()
                .filter(p -> "stat".equals(p.path("type").asText()) && "Answer rate".equals(p.path("title").asText()))
                .findFirst().orElseThrow();
        JsonNode base = stat.path("fieldConfig").path("defaults").path("thresholds").path("steps").get(0);
        assertThat(base.path("color").asText()).isEqualTo("red");
    }

    @Test
    void everyDocumentedMetricIsOnAPanelOrSaysWhyNot() {
        Set<String> read = new HashSet<>();
        for (Path dashboard : GrafanaFiles.dashboards()) {
            for (GrafanaFiles.Query q : GrafanaFiles.panelQueries(dashboard)) {
                for (String name : GrafanaFiles.metricNames(q.expr())) {
                    read.add(name.replaceFirst("_(bucket|sum|count|max)$", ""));
                }
            }
        }
        Map<String, String> unread = GrafanaFiles.metricsOnNoPanel();
        List<String> documented = DocumentedMetrics.fromReadme().metrics().stream()
                .map(DocumentedMetrics.Metric::name).toList();
        assertThat(documented).isNotEmpty();
        SoftAssertions soft = new SoftAssertions();
        for (String metric : documented) {
            soft.assertThat(read.contains(metric) || unread.containsKey(metric))
                    .as("%s is on a panel (grafana/overview.py, nodes.py) or under 'Metrics on no panel' in "
                            + "docs/metrics.md with a reason", metric).isTrue();
            soft.assertThat(read.contains(metric) && unread.containsKey(metric))
                    .as("%s is on a panel and yet listed as on none", metric).isFalse();
        }
        soft.assertThat(unread.keySet()).as("metrics on no panel that are documented").allMatch(documented::contains);
        soft.assertThat(unread.values()).as("reasons").allMatch(reason -> reason.length() > 20);
        soft.assertAll();
    }

    @Test
    void everyAlertLinksToItsOwnSectionOfTheRunbooks() {
        Set<String> sections = GrafanaFiles.runbookSections();
        List<String> anchors = new ArrayList<>();
        SoftAssertions soft = new SoftAssertions();
        for (Path file : GrafanaFiles.ruleFiles()) {
            for (JsonNode group : GrafanaFiles.read(file).path("groups")) {
                for (JsonNode rule : group.path("rules")) {
                    String alert = rule.path("alert").asText();
                    String url = rule.path("annotations").path("runbook_url").asText();
                    soft.assertThat(url).as("runbook_url of %s", alert).matches("https://\\S+/docs/runbooks\\.md#[a-z0-9-]+");
                    String anchor = url.substring(url.indexOf('#') + 1);
                    soft.assertThat(anchor).as("anchor of %s", alert).isEqualTo(GrafanaFiles.slug(alert));
                    soft.assertThat(sections).as("docs/runbooks.md sections, for %s", alert).contains(anchor);
                    anchors.add(anchor);
                }
            }
        }
        soft.assertThat(anchors).as("runbook anchors").doesNotHaveDuplicates().hasSizeGreaterThanOrEqualTo(18);
        soft.assertThat(sections).as("runbook sections without an alert").containsExactlyInAnyOrderElementsOf(anchors);
        soft.assertAll();
    }

    @Test
    void theRunbookSlugsAreGitHubs() {
        assertThat(GrafanaFiles.slug("HivecastTrackerDown")).isEqualTo("hivecasttrackerdown");
        assertThat(GrafanaFiles.slug("What to do: `token_expired`?")).isEqualTo("what-to-do-token_expired");
    }

    @Test
    void theGrafanaSidecarConfigMapHoldsExactlyTheDashboards() throws IOException {
        JsonNode cm = GrafanaFiles.read(GrafanaFiles.DIR.resolve("provisioning").resolve("dashboards-configmap.yaml"));
        assertThat(cm.path("kind").asText()).isEqualTo("ConfigMap");
        assertThat(cm.path("metadata").path("labels").path("grafana_dashboard").asText()).isEqualTo("1");
        List<String> keys = new ArrayList<>();
        cm.path("data").fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactlyInAnyOrderElementsOf(
                GrafanaFiles.dashboards().stream().map(p -> p.getFileName().toString()).toList());
        for (Path file : GrafanaFiles.dashboards()) {
            JsonNode embedded = GrafanaFiles.JSON.readTree(cm.path("data").path(file.getFileName().toString()).asText());
            assertThat(embedded).as("%s in the ConfigMap (run python3 grafana/build.py)", file.getFileName())
                    .isEqualTo(GrafanaFiles.read(file));
        }
    }

    @Test
    void thePrometheusRuleHoldsExactlyTheRuleFiles() {
        JsonNode rule = GrafanaFiles.read(GrafanaFiles.DIR.resolve("provisioning").resolve("prometheusrule.yaml"));
        assertThat(rule.path("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(rule.path("kind").asText()).isEqualTo("PrometheusRule");
        List<Path> files = GrafanaFiles.ruleFiles();
        assertThat(files).hasSize(1);
        assertThat(rule.path("spec").path("groups")).as("spec.groups (run python3 grafana/build.py)")
                .isEqualTo(GrafanaFiles.read(files.get(0)).path("groups"));
    }

    @Test
    void theMetricNameReaderFindsSelectorsAndSkipsFunctionsLabelsAndKeywords() {
        assertThat(GrafanaFiles.metricNames("sum by (namespace, le) (rate(tracker_a_bucket{pod=~\"x\", le=\"1\"}[5m])) "
                + "/ on (pod) group_left () tracker_b > 0.5 and absent(up{job=~\".*hivecast.*\"}) * 1e9"))
                .containsExactlyInAnyOrder("tracker_a_bucket", "tracker_b", "up");
    }
}
