package dev.hivecast.tracker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The observability issue's dashboard test: a real Prometheus on 127.0.0.1 scrapes a live tracker
 * (its admin port) under a small real load, with the alert rules loaded; then every query of every
 * panel and variable of every dashboard, and every alert expression, is evaluated through
 * Prometheus's HTTP API. Each must parse, read only metrics that exist, and return data, unless
 * {@link #MAY_BE_EMPTY} says why it may be empty here. A dashboard that queries a metric nobody
 * exports fails it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardQueriesIT {

    private static final String NAMESPACE = "hivecast-test";
    private static final String POD = "tracker-0";
    /** The job the Helm chart's ServiceMonitor gives the tracker, which the alerts select. */
    private static final String JOB = "hivecast";
    /** The tracker's container name in the chart's pods, which the memory panels and alert match. */
    private static final String CONTAINER = "tracker";
    /** What Grafana makes of $__rate_interval with a 1 s scrape interval, rounded up for a loaded machine. */
    private static final String RATE_INTERVAL = "10s";

    /** Queries that may return nothing in this scenario (a healthy tracker), and why. */
    private static final Map<String, String> MAY_BE_EMPTY = Map.ofEntries(
            Map.entry("hivecast-alerts.yaml / HivecastTrackerDown", "the tracker answers every scrape"),
            Map.entry("hivecast-alerts.yaml / HivecastTrackerAbsent", "the tracker target exists"),
            Map.entry("hivecast-alerts.yaml / HivecastNoAnswersRelayed", "the players answer every offer"),
            Map.entry("hivecast-alerts.yaml / HivecastRelayDropRateHigh", "nothing is dropped at this load"),
            Map.entry("hivecast-alerts.yaml / HivecastSendQueueDrops", "the players read everything they are sent"),
            Map.entry("hivecast-alerts.yaml / HivecastEventLoopDelayed", "the loops keep up with this load"),
            Map.entry("hivecast-alerts.yaml / HivecastClusterMemberMissing", "a lone node (backend local) never fires it"),
            Map.entry("hivecast-alerts.yaml / HivecastClusterStoreLost", "a lone node has no store to lose"),
            Map.entry("hivecast-alerts.yaml / HivecastTlsCertificateExpiringSoon", "the tracker under test serves plain ws://"),
            Map.entry("hivecast-alerts.yaml / HivecastTlsCertificateExpiring", "the tracker under test serves plain ws://"),
            Map.entry("hivecast-alerts.yaml / HivecastTlsReloadFailed", "no PEM files to reload"),
            Map.entry("hivecast-alerts.yaml / HivecastAnswerRateLow", "the players answer every offer"),
            Map.entry("hivecast-alerts.yaml / HivecastMemoryNearLimit", "the working set is 40 % of the limit"),
            Map.entry("hivecast-alerts.yaml / HivecastOpenFilesNearMax", "a few dozen files are open"),
            Map.entry("hivecast-alerts.yaml / HivecastUpgradesRefusedSurge", "no upgrade is refused"),
            Map.entry("hivecast-alerts.yaml / HivecastUpgradesRefusedSurge / value",
                    "refusals under the alert's minimum rate are left out before the division"),
            Map.entry("hivecast-alerts.yaml / HivecastAccessListReloadFailed", "no list is configured"),
            Map.entry("hivecast-alerts.yaml / HivecastDirectoryPublishFailing", "a lone node publishes nowhere"),
            Map.entry("hivecast-alerts.yaml / HivecastDirectoryReadFailing", "a lone node reads nowhere"),
            Map.entry("hivecast-alerts.yaml / HivecastTlsCertificateExpiringSoon / value",
                    "plain ws://: the expiry gauge is 0, left out"),
            Map.entry("hivecast-alerts.yaml / HivecastTlsCertificateExpiring / value",
                    "plain ws://: the expiry gauge is 0, left out"),
            Map.entry("hivecast-nodes / TLS certificate time left / A", "plain ws://: the expiry gauge is 0, left out"),
            Map.entry("hivecast-alerts.yaml / HivecastClusterTlsRefusing", "a lone node refuses no other node"),
            Map.entry("hivecast-alerts.yaml / HivecastClusterTlsCertificateExpiring", "a lone node has no cluster TLS"),
            Map.entry("hivecast-alerts.yaml / HivecastClusterTlsCertificateExpiring / value",
                    "no cluster TLS: the expiry gauge is 0, left out"),
            Map.entry("hivecast-nodes / Cluster TLS certificate time left / A",
                    "no cluster TLS: the expiry gauge is 0, left out"));

    private RunningTracker tracker;
    private LivePlayers players;
    private PlayerBeacons beacons;
    private PrometheusServer prometheus;
    private KubeletStandIn kubelet;

    @BeforeAll
    void startTrackerLoadAndPrometheus(@TempDir Path dir) throws IOException {
        PrometheusServer.binary("prometheus"); // fail first, with how to install it, when it is missing
        tracker = RunningTracker.start("--admin.port", "0", "--insight.beacon", "true", "--insight.streams", "demo");
        // The GC pause series appears at the first collection after the registry exists.
        System.gc();
        players = LivePlayers.start(tracker.port(), 2, 4, 250);
        beacons = PlayerBeacons.start(tracker.port(), "demo", 250, 1000);
        List<Path> rules = GrafanaFiles.ruleFiles();
        kubelet = KubeletStandIn.start(NAMESPACE, POD, CONTAINER);
        prometheus = PrometheusServer.start(dir, JOB, "127.0.0.1:" + tracker.server().adminPort(),
                "namespace: " + NAMESPACE + ", pod: " + POD, rules,
                List.of(new PrometheusServer.OtherJob("kubelet-and-kube-state-metrics", kubelet.target())));
        // Enough scrapes for every rate window, and answers among them.
        await("Prometheus has 12 scrapes of the tracker with answers relayed").atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> nonEmpty("count_over_time(tracker_build_info{job=\"" + JOB + "\"}[1m]) >= 12")
                        && nonEmpty("increase(tracker_offers_answered_total[" + RATE_INTERVAL + "]) > 0"));
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (prometheus != null) {
                prometheus.close();
            }
        } finally {
            try {
                if (beacons != null) {
                    beacons.close();
                }
                if (players != null) {
                    players.close();
                }
            } finally {
                if (kubelet != null) {
                    kubelet.close();
                }
                if (tracker != null) {
                    tracker.close();
                }
            }
        }
    }

    @Test
    void everyPanelQueryOfEveryDashboardParsesAndReturnsData_forOnePodAndForAll() {
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Path dashboard : GrafanaFiles.dashboards()) {
            for (GrafanaFiles.Query q : GrafanaFiles.panelQueries(dashboard)) {
                check(q, GrafanaFiles.substitute(q.expr(), NAMESPACE, POD, RATE_INTERVAL), problems);
                check(q, GrafanaFiles.substitute(q.expr(), ".*", ".*", RATE_INTERVAL), problems);
                checked++;
            }
        }
        assertThat(checked).as("panel queries").isGreaterThan(40);
        assertThat(problems).as("panel queries that failed against Prometheus").isEmpty();
    }

    @Test
    void everyDashboardVariableFindsTheScrapedTracker() {
        for (Path dashboard : GrafanaFiles.dashboards()) {
            List<GrafanaFiles.Query> variables = GrafanaFiles.variableQueries(dashboard);
            assertThat(variables).as("query variables of %s", dashboard).hasSize(2);
            for (GrafanaFiles.Query q : variables) {
                String expr = GrafanaFiles.substitute(q.expr(), NAMESPACE, POD, RATE_INTERVAL);
                JsonArray result = prometheus.result(prometheus.query(expr), expr);
                Set<String> values = new TreeSet<>();
                for (int i = 0; i < result.size(); i++) {
                    values.addAll(result.getJsonObject(i).getJsonObject("metric").getMap().values().stream()
                            .map(String::valueOf).toList());
                }
                assertThat(values).as("%s (%s)", q.where(), expr).containsAnyOf(NAMESPACE, POD);
            }
        }
    }

    @Test
    void everyAlertExpressionParsesReadsExportedMetricsAndPrometheusEvaluatesItWithoutError() {
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Path rules : GrafanaFiles.ruleFiles()) {
            for (GrafanaFiles.Query q : GrafanaFiles.alertQueries(rules)) {
                check(q, q.expr(), problems);
                checked++;
            }
        }
        assertThat(checked).as("alert expressions").isGreaterThanOrEqualTo(7);
        assertThat(problems).as("alert expressions that failed against Prometheus").isEmpty();

        // The rules as Prometheus loaded them: every one evaluated, none with an error (a join
        // that matches many-to-many on real labels only fails here, at evaluation).
        await("every rule evaluated").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> ruleHealth().values().stream().noneMatch("unknown"::equals));
        assertThat(ruleHealth()).as("rule health").hasSize(checked).allSatisfy((rule, health) ->
                assertThat(health).as(rule).isEqualTo("ok"));
    }

    /**
     * An alert that stays quiet on a healthy tracker proves little about its joins: without its
     * threshold line, each must compute a value from the live series (the memory alert's join of
     * cAdvisor, kube-state-metrics and the tracker's own labels included).
     */
    @Test
    void everyThresholdedAlertComputesItsValueFromTheLiveSeries() {
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Path rules : GrafanaFiles.ruleFiles()) {
            for (GrafanaFiles.Query q : GrafanaFiles.alertQueries(rules)) {
                String value = GrafanaFiles.withoutThreshold(q.expr());
                if (value != null) {
                    check(new GrafanaFiles.Query(q.where() + " / value", value), value, problems);
                    checked++;
                }
            }
        }
        assertThat(checked).as("alerts with a threshold line").isGreaterThanOrEqualTo(10);
        assertThat(problems).as("alert values that failed against Prometheus").isEmpty();
    }

    @Test
    void theCheckRejectsAQueryOfAMetricNobodyExports() {
        List<String> problems = new ArrayList<>();
        check(new GrafanaFiles.Query("made up / Phantom panel / A", "sum(rate(tracker_phantom_total[10s]))"),
                "sum(rate(tracker_phantom_total[10s]))", problems);
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("reads tracker_phantom_total, which nothing exports"))
                .anySatisfy(p -> assertThat(p).contains("no data"));
        problems.clear();
        check(new GrafanaFiles.Query("made up / Broken panel / A", "sum(rate(tracker_members[10s])"),
                "sum(rate(tracker_members[10s])", problems);
        assertThat(problems).hasSize(1).first().asString().contains("refused");
    }

    @Test
    void promtoolChecksTheRuleFiles() throws Exception {
        for (Path rules : GrafanaFiles.ruleFiles()) {
            assertThat(promtool("check", "rules", rules.toString())).contains("SUCCESS");
        }
    }

    @Test
    void promtoolUnitTestsOfTheAlertsPass() throws Exception {
        List<Path> tests = GrafanaFiles.ruleTests();
        assertThat(tests).isNotEmpty();
        for (Path test : tests) {
            assertThat(promtool("test", "rules", test.toString())).contains("SUCCESS");
        }
    }

    /**
     * Parses (Prometheus must accept it), reads only metrics Prometheus has scraped, and returns
     * data over the last 20 s as a Grafana panel would, unless listed in {@link #MAY_BE_EMPTY}.
     */
    private void check(GrafanaFiles.Query q, String expr, List<String> problems) {
        JsonArray result;
        try {
            result = prometheus.result(prometheus.queryRange(expr, 20, 2), expr);
        } catch (IllegalStateException e) {
            problems.add(q.where() + ": " + e.getMessage());
            return;
        }
        for (String metric : GrafanaFiles.metricNames(expr)) {
            if (!nonEmpty("count(" + metric + ")")) {
                problems.add(q.where() + ": reads " + metric + ", which nothing exports (" + expr + ")");
            }
        }
        if (result.isEmpty() && !MAY_BE_EMPTY.containsKey(q.where())) {
            problems.add(q.where() + ": no data (" + expr + ")");
        }
    }

    private boolean nonEmpty(String expr) {
        return !prometheus.result(prometheus.query(expr), expr).isEmpty();
    }

    private Map<String, String> ruleHealth() {
        Map<String, String> health = new java.util.TreeMap<>();
        JsonObject rules = prometheus.get("/api/v1/rules");
        for (Object g : rules.getJsonObject("data").getJsonArray("groups")) {
            for (Object r : ((JsonObject) g).getJsonArray("rules")) {
                JsonObject rule = (JsonObject) r;
                String h = rule.getString("health");
                health.put(rule.getString("name"), "err".equals(h) ? "err: " + rule.getString("lastError") : h);
            }
        }
        return health;
    }

    private static String promtool(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(PrometheusServer.binary("promtool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out;
        try (var in = p.getInputStream()) {
            out = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("promtool " + String.join(" ", args) + " did not finish in 60 s");
        }
        assertThat(p.exitValue()).as("promtool %s:%n%s", String.join(" ", args), out).isZero();
        return out;
    }
}
