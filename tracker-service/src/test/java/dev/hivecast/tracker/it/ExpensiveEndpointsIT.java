package dev.hivecast.tracker.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivecast.tracker.config.InsightConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * {@code /metrics} and {@code /stats} on the public port (the default) cannot be used to amplify
 * (docs/security.md#the-ops-endpoints). Many clients asking at once, from many addresses, share one rendering per
 * interval (1 s) per page while a player pair is served; a client over {@code admin.request-rate}
 * gets 429; the probes stay cheap, unlimited, and answer {@code HEAD}. The pages, their files and
 * {@code /beacon} flooded the same way leave a player pair served too (docs/pages.md). Real sockets,
 * each client a loopback address of its own (127.0.0.x), with the default settings.
 */
@RunsAlone
class ExpensiveEndpointsIT extends TrackerTestBase {

    /** The defaults, stated: the harness speeds them up for every other test (HarnessPace). */
    @Override
    protected String[] flags() {
        return new String[] {"--admin.render-interval", "1s", "--admin.request-rate", "5", "--admin.request-burst", "20",
            "--insight.beacon", "true"};
    }

    private static final int CLIENTS = 16;
    private static final Duration HAMMERING = Duration.ofSeconds(5);

    /** The pages and their largest files (hls.js is 597 KB), the live figures, and the demo's scripts. */
    private static final List<String> PAGES = List.of("/", "/check", "/demo", "/pages/pages.css", "/pages/check.js",
            "/pages/checks.js", "/pages/demo.js", "/pages/beacon.js", "/pages/live.json",
            "/pages/vendor/hls.js/dist/hls.min.mjs", "/pages/vendor/p2p-media-loader-core/dist/p2p-media-loader-core.es.min.js");
    private static final long BEACON_P2P_BYTES = 1_000;
    private static final InsightConfig INSIGHT = InsightConfig.defaults();
    /**
     * Each pages client's pace: 16 of them make 160 requests a second, about 1 MB/s of player
     * libraries. Unpaced, 16 client threads in this JVM take the 2 cores of a CI machine from the
     * tracker, and the witness measures that instead.
     */
    private static final Duration PAGES_PACE = Duration.ofMillis(100);

    /** What one client saw: statuses, and a hash of every body per page. */
    private record Seen(List<Integer> statuses, Set<Integer> metricsBodies, Set<Integer> statsBodies) {
    }

    @Test
    void manyConcurrentClientsShareAtMostOneRenderingPerSecondPerPage_andAPlayerPairIsServed() throws Exception {
        double metricsBefore = counter("tracker_ops_renderings_total", "metrics");
        double statsBefore = counter("tracker_ops_renderings_total", "stats");
        List<Seen> seen = new CopyOnWriteArrayList<>();
        Duration p99;
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try (WitnessPair witness = WitnessPair.start(clients.connect(tracker.port()), clients.connect(tracker.port()))) {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                String address = "127.0.0." + (20 + i);
                running.add(pool.submit(() -> seen.add(hammer(address, started + HAMMERING.toNanos()))));
            }
            for (Future<?> f : running) {
                f.get(HAMMERING.toSeconds() + 15, TimeUnit.SECONDS);
            }
            witness.awaitRounds(10);
            p99 = witness.stopAndAssertServed();
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - started) / 1e9;

        List<Integer> statuses = seen.stream().flatMap(s -> s.statuses().stream()).toList();
        Set<Integer> metricsBodies = new HashSet<>();
        Set<Integer> statsBodies = new HashSet<>();
        seen.forEach(s -> {
            metricsBodies.addAll(s.metricsBodies());
            statsBodies.addAll(s.statsBodies());
        });
        double metricsRendered = counter("tracker_ops_renderings_total", "metrics") - metricsBefore;
        double statsRendered = counter("tracker_ops_renderings_total", "stats") - statsBefore;
        System.out.printf("ExpensiveEndpointsIT: %d clients, %d requests in %.1f s; distinct bodies /metrics %d,"
                + " /stats.json %d; renderings /metrics %.0f, /stats %.0f; witness p99 %d ms%n", CLIENTS, statuses.size(),
                seconds, metricsBodies.size(), statsBodies.size(), metricsRendered, statsRendered, p99.toMillis());
        assertThat(statuses).as("every client stays within its rate").containsOnly(200);
        assertThat(statuses.size()).as("requests served in %.1f s", seconds).isGreaterThanOrEqualTo(CLIENTS * 2);
        // +2: a rendering under way at the start, and the interval's rounding at the end.
        int bound = (int) Math.ceil(seconds) + 2;
        assertThat(metricsBodies.size()).as("distinct /metrics bodies in %.1f s", seconds).isLessThanOrEqualTo(bound);
        assertThat(statsBodies.size()).as("distinct /stats.json bodies in %.1f s", seconds).isLessThanOrEqualTo(bound);
        // the reads of the counter add one rendering each
        assertThat(metricsRendered).as("/metrics renderings in %.1f s", seconds).isBetween(1.0, bound + 1.0);
        assertThat(statsRendered).as("/stats renderings in %.1f s", seconds).isBetween(1.0, bound + 1.0);
    }

    /** What one client of the pages saw: the statuses of its page requests, and of its beacons. */
    private record PagesSeen(List<Integer> pages, List<Integer> beacons) {
    }

    @Test
    void aFloodOfThePagesTheirFilesAndBeaconsLeavesAPlayerPairServed_andOnlyBeaconsWithinTheRateCount() throws Exception {
        double p2pBefore = playerP2pBytes();
        List<PagesSeen> seen = new CopyOnWriteArrayList<>();
        Duration p99;
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try (WitnessPair witness = WitnessPair.start(clients.connect(tracker.port()), clients.connect(tracker.port()))) {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                String address = "127.0.0." + (40 + i);
                running.add(pool.submit(() -> seen.add(hammerPages(address, started + HAMMERING.toNanos()))));
            }
            for (Future<?> f : running) {
                f.get(HAMMERING.toSeconds() + 15, TimeUnit.SECONDS);
            }
            System.out.printf("ExpensiveEndpointsIT: %d clients, %d page requests and %d beacons in %.1f s%n", CLIENTS,
                    seen.stream().mapToInt(s -> s.pages().size()).sum(), seen.stream().mapToInt(s -> s.beacons().size()).sum(),
                    (System.nanoTime() - started) / 1e9);
            witness.awaitRounds(10);
            p99 = witness.stopAndAssertServed();
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - started) / 1e9;

        List<Integer> pages = seen.stream().flatMap(s -> s.pages().stream()).toList();
        List<Integer> beacons = seen.stream().flatMap(s -> s.beacons().stream()).toList();
        long accepted = beacons.stream().filter(status -> status == 204).count();
        System.out.printf("ExpensiveEndpointsIT: pages flood, %d beacons accepted; witness p99 %d ms%n", accepted, p99.toMillis());
        assertThat(pages).as("pages and their files are never limited").containsOnly(200);
        assertThat(pages.size()).as("page requests served in %.1f s", seconds).isGreaterThanOrEqualTo(CLIENTS * 25);
        assertThat(beacons).as("a beacon is accepted or over its client's rate").isSubsetOf(204, 429);
        for (PagesSeen s : seen) {
            assertThat(s.beacons().stream().filter(status -> status == 204).count())
                    .as("beacons accepted from one client in %.1f s", seconds)
                    .isLessThanOrEqualTo(INSIGHT.beaconBurst() + (long) Math.ceil(INSIGHT.beaconRate() * seconds));
        }
        assertThat(playerP2pBytes() - p2pBefore).as("only the accepted beacons are counted")
                .isEqualTo((double) accepted * BEACON_P2P_BYTES);
    }

    @Test
    void aClientOverTheRateGets429WithRetryAfter_andTheProbesAreNeverLimited() throws Exception {
        String address = "127.0.0.90";
        double limitedBefore = counter("tracker_ops_rate_limited_total", "metrics");
        int requests = 60; // three times the default burst of 20, at once
        List<RawHttp> connections = new ArrayList<>();
        List<RawHttp.Response> responses = new ArrayList<>();
        List<Integer> probes = new ArrayList<>();
        Duration p99;
        try (WitnessPair witness = WitnessPair.start(clients.connect(tracker.port()), clients.connect(tracker.port()))) {
            for (int i = 0; i < requests; i++) {
                connections.add(track(RawHttp.connect(address, tracker.port())));
            }
            // All sent before any is read: the tracker sees them at once, and no thread per request
            // competes with it for the CPU.
            for (RawHttp c : connections) {
                c.send("GET", "/metrics");
            }
            for (RawHttp c : connections) {
                responses.add(c.receive());
            }
            RawHttp probe = connections.get(0);
            for (int i = 0; i < 50; i++) {
                probes.add(probe.exchange(i % 2 == 0 ? "GET" : "HEAD", i % 4 < 2 ? "/health" : "/ready").status());
            }
            witness.awaitRounds(10);
            p99 = witness.stopAndAssertServed();
        }

        List<RawHttp.Response> refused = responses.stream().filter(r -> r.status() == 429).toList();
        long served = responses.stream().filter(r -> r.status() == 200).count();
        System.out.printf("ExpensiveEndpointsIT: %d requests at once from one address: %d served, %d refused with 429;"
                + " witness p99 %d ms%n", requests, served, refused.size(), p99.toMillis());
        assertThat(refused.size() + served).as("every request answered 200 or 429").isEqualTo(requests);
        assertThat(served).as("requests within the burst of 20 (and what refilled at 5/s meanwhile)").isBetween(20L, 30L);
        for (RawHttp.Response r : refused) {
            assertThat(Long.parseLong(r.headers().get("retry-after"))).as("Retry-After").isPositive();
        }
        assertThat(counter("tracker_ops_rate_limited_total", "metrics") - limitedBefore)
                .as("429s counted").isEqualTo(refused.size());
        assertThat(probes).as("GET and HEAD on /health and /ready from the limited address").containsOnly(200);
    }

    @Test
    void headOnTheProbesIs200WithNoBody() throws Exception {
        for (String path : List.of("/health", "/ready")) {
            try (RawHttp http = RawHttp.connect("127.0.0.1", tracker.port())) {
                RawHttp.Response head = http.exchange("HEAD", path);

                assertThat(head.status()).as("HEAD %s", path).isEqualTo(200);
                assertThat(http.bytesUntilQuiet(300)).as("bytes after the headers of HEAD %s", path).isZero();
                assertThat(http.exchange("GET", path).text()).as("GET %s on the same connection", path).contains("status");
            }
        }
    }

    @Test
    void aCounterReadRightAfterAnActionSeesIt_renderingsNotwithstanding() {
        for (int i = 0; i < 3; i++) {
            double before = metric("tracker_scrapes_total");
            peer().scrape(Ids.infoHash());
            assertThat(metric("tracker_scrapes_total")).as("scrapes, read %d", i).isEqualTo(before + 1);
        }
    }

    /**
     * A counter of this issue, 0 while absent: so that on a build without them the test fails on
     * what it observes over the sockets, not on a missing name.
     */
    private double counter(String name, String page) {
        PrometheusText metrics = PrometheusText.parse(tracker.get("/metrics").body());
        return metrics.family(name).isEmpty() ? 0 : metrics.value(name, "page", page);
    }

    private double playerP2pBytes() {
        PrometheusText metrics = PrometheusText.parse(tracker.get("/metrics").body());
        return metrics.family("tracker_player_bytes_total").isEmpty() ? 0
                : metrics.value("tracker_player_bytes_total", "source", "p2p");
    }

    /**
     * One client on one keep-alive connection, one request every {@link #PAGES_PACE} until the
     * deadline: every page and file in turn, with a beacon between every two of them.
     */
    private PagesSeen hammerPages(String address, long deadlineNanos) {
        List<Integer> pages = new ArrayList<>();
        List<Integer> beacons = new ArrayList<>();
        String beacon = "{\"stream\":\"flood\",\"p2p\":" + BEACON_P2P_BYTES + ",\"http\":500}";
        try (RawHttp http = RawHttp.connect(address, tracker.port())) {
            long next = System.nanoTime();
            for (int i = 0; i < 3_000 && System.nanoTime() < deadlineNanos; i++) {
                next += PAGES_PACE.toNanos();
                if (i % 3 == 2) {
                    beacons.add(http.exchange("POST", "/beacon", beacon).status());
                } else {
                    pages.add(http.exchange("GET", PAGES.get((i - i / 3) % PAGES.size())).status());
                }
                LockSupport.parkNanos(next - System.nanoTime());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new PagesSeen(pages, beacons);
    }

    /** One client on one keep-alive connection, asking for /metrics and /stats.json in turn until the deadline. */
    private Seen hammer(String address, long deadlineNanos) {
        List<Integer> statuses = new ArrayList<>();
        Set<Integer> metrics = ConcurrentHashMap.newKeySet();
        Set<Integer> stats = ConcurrentHashMap.newKeySet();
        try (RawHttp http = RawHttp.connect(address, tracker.port())) {
            for (int i = 0; i < 1_000 && System.nanoTime() < deadlineNanos; i++) {
                boolean wantMetrics = i % 2 == 0;
                RawHttp.Response r = http.exchange("GET", wantMetrics ? "/metrics" : "/stats.json");
                statuses.add(r.status());
                (wantMetrics ? metrics : stats).add(Arrays.hashCode(r.body()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Seen(statuses, metrics, stats);
    }
}
