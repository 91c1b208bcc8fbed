package dev.hivecast.tracker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hivecast.protocol.ClientAnnounce;
import dev.hivecast.protocol.InfoHash;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * docs/insight.md: {@code POST /beacon} over real sockets. Player pages' byte counts are added
 * per source and named stream; every bad beacon gets its 4xx, is counted by reason, and adds
 * nothing; the per-IP rate answers 429 with Retry-After; the HTTP guard's timeout and
 * one-request-in-flight hold for it; and with the defaults there is no endpoint at all. Each
 * client is a loopback address of its own (127.0.0.x), so that the rate limit meets only the
 * client that tests it.
 */
class BeaconIT extends TrackerTestBase {

    private static final String PLAYER = "https://player.example.com";
    private static final String NEWS = "https://cdn.example.com/news/main.m3u8";
    /** A webtorrent swarm the operator names by its info_hash. */
    private static final InfoHash TORRENT = InfoHash.fromHex("5a".repeat(20));

    @Override
    protected String[] flags() {
        return new String[] {"--insight.beacon", "true", "--insight.streams", NEWS + ",sports," + TORRENT.toHex(),
                "--insight.beacon-rate", "1", "--insight.beacon-burst", "4", "--insight.max-bytes-per-report", "64MiB",
                "--access.origin-allowlist", PLAYER, "--limits.request-timeout", "1s"};
    }

    static String beacon(String body, String... headers) {
        StringBuilder head = new StringBuilder("POST /beacon HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        for (String h : headers) {
            head.append(h).append("\r\n");
        }
        return head.append("Content-Length: ").append(body.length()).append("\r\n\r\n").append(body).toString();
    }

    private static String body(String stream, long p2p, long http) {
        return "{\"stream\":\"" + stream + "\",\"p2p\":" + p2p + ",\"http\":" + http + "}";
    }

    @Test
    void beaconsAreAddedBySourceAndNamedStream_andAnsweredWith204_onOneKeepAliveConnection() throws IOException {
        PrometheusText before = metrics();
        try (RawHttpConnection page = RawHttpConnection.connectFrom("127.0.0.11", tracker.port())) {
            // navigator.sendBeacon(url, string): text/plain, the page's Origin; the query is a per-viewer token
            assertThat(page.send(beacon(body(NEWS + "?token=viewer-1", 3_000_000, 1_000_000),
                    "Origin: " + PLAYER, "Content-Type: text/plain;charset=UTF-8")).readResponse().status()).isEqualTo(204);
            // fetch() with JSON from the page: a preflight first, then the beacon; both readable by the page
            RawHttpConnection.Response preflight = page.send("OPTIONS /beacon HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: "
                    + PLAYER + "\r\nAccess-Control-Request-Method: POST\r\n\r\n").readResponse();
            assertThat(preflight.status()).isEqualTo(204);
            assertThat(preflight.headers()).contains("access-control-allow-origin: " + PLAYER)
                    .contains("access-control-allow-methods: post");
            RawHttpConnection.Response json = page.send(beacon(body("sports", 500, 0), "Origin: " + PLAYER,
                    "Content-Type: application/json")).readResponse();
            assertThat(json.status()).isEqualTo(204);
            assertThat(json.headers()).contains("access-control-allow-origin: " + PLAYER);
            assertThat(page.send(beacon(body("https://elsewhere.example/x.m3u8", 7, 11))).readResponse().status())
                    .isEqualTo(204);
        }
        PrometheusText after = metrics();
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(grown(before, after, "p2p", NEWS)).isEqualTo(3_000_000);
        soft.assertThat(grown(before, after, "http", NEWS)).isEqualTo(1_000_000);
        soft.assertThat(grown(before, after, "p2p", "sports")).isEqualTo(500);
        soft.assertThat(grown(before, after, "http", "sports")).isZero();
        soft.assertThat(grown(before, after, "p2p", "other")).isEqualTo(7);
        soft.assertThat(grown(before, after, "http", "other")).isEqualTo(11);
        soft.assertThat(after.labelValues("tracker_player_bytes_total", "stream"))
                .containsExactlyInAnyOrder(NEWS, "sports", TORRENT.toHex(), "other");
        soft.assertThat(after.sum("tracker_beacons_accepted_total") - before.sum("tracker_beacons_accepted_total"))
                .isEqualTo(3);
        soft.assertAll();
    }

    @Test
    void eachBadBeaconGetsItsStatus_isCountedByReason_andAddsNothing() throws IOException {
        String ok = body("sports", 1, 1);
        Map<String, Object[]> cases = new LinkedHashMap<>();
        cases.put("GET", new Object[] {"GET /beacon HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 405, "method"});
        cases.put("PUT", new Object[] {beacon(ok).replace("POST", "PUT"), 405, "method"});
        cases.put("other Origin", new Object[] {beacon(ok, "Origin: https://evil.example"), 403, "origin"});
        cases.put("form", new Object[] {beacon(ok, "Content-Type: application/x-www-form-urlencoded"), 415, "content_type"});
        cases.put("declared too large", new Object[] {beacon(" ".repeat(3000) + ok), 413, "too_large"});
        cases.put("chunked too large", new Object[] {"POST /beacon HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked"
                + "\r\n\r\n400\r\n" + " ".repeat(1024) + "\r\n400\r\n" + " ".repeat(1024) + "\r\n400\r\n" + " ".repeat(1024)
                + "\r\n0\r\n\r\n", 413, "too_large"});
        cases.put("not JSON", new Object[] {beacon("stream=sports&p2p=1"), 400, "malformed"});
        cases.put("two objects", new Object[] {beacon(ok + ok), 400, "malformed"});
        cases.put("p2p missing", new Object[] {beacon("{\"stream\":\"sports\",\"http\":1}"), 400, "bad_field"});
        cases.put("p2p a string", new Object[] {beacon("{\"stream\":\"sports\",\"p2p\":\"1\",\"http\":1}"), 400, "bad_field"});
        cases.put("stream too long", new Object[] {beacon(body("s".repeat(257), 1, 1)), 400, "bad_field"});
        cases.put("negative", new Object[] {beacon(body("sports", -5, 1)), 422, "implausible"});
        cases.put("over the cap", new Object[] {beacon(body("sports", 1, 64L * 1024 * 1024 + 1)), 422, "implausible"});
        cases.put("beyond a long", new Object[] {beacon(body("sports", 1, 0).replace(":1,", ":123456789012345678901234567890,")),
                422, "implausible"});

        PrometheusText before = metrics();
        Map<String, Integer> expected = new LinkedHashMap<>();
        SoftAssertions soft = new SoftAssertions();
        int client = 30;
        for (Map.Entry<String, Object[]> c : cases.entrySet()) {
            try (RawHttpConnection http = RawHttpConnection.connectFrom("127.0.0." + client++, tracker.port())) {
                RawHttpConnection.Response r = http.send((String) c.getValue()[0]).readResponse();
                soft.assertThat(r.status()).as(c.getKey()).isEqualTo(c.getValue()[1]);
                if ((int) c.getValue()[1] == 405) {
                    soft.assertThat(r.headers()).as(c.getKey()).contains("allow: post, options");
                }
                if ((int) c.getValue()[1] == 413) {
                    soft.assertThat(http.closedWithin(Duration.ofSeconds(2))).as(c.getKey() + ": closed").isTrue();
                }
            }
            expected.merge((String) c.getValue()[2], 1, Integer::sum);
        }
        PrometheusText after = metrics();
        for (Map.Entry<String, Integer> e : expected.entrySet()) {
            soft.assertThat(after.value("tracker_beacons_refused_total", "reason", e.getKey())
                    - before.value("tracker_beacons_refused_total", "reason", e.getKey())).as(e.getKey()).isEqualTo(e.getValue().doubleValue());
        }
        soft.assertThat(after.sum("tracker_player_bytes_total")).as("nothing added").isEqualTo(before.sum("tracker_player_bytes_total"));
        soft.assertThat(after.sum("tracker_beacons_accepted_total")).isEqualTo(before.sum("tracker_beacons_accepted_total"));
        soft.assertAll();
    }

    @Test
    void aClientOverItsRateGets429WithRetryAfter_whileAnotherClientIsServed() throws IOException {
        PrometheusText before = metrics();
        int counted; // the greedy client's accepted beacons and the other's
        try (RawHttpConnection greedy = RawHttpConnection.connectFrom("127.0.0.60", tracker.port());
             RawHttpConnection other = RawHttpConnection.connectFrom("127.0.0.61", tracker.port())) {
            // The burst at once, then one token a second: a loaded machine may refill one or two
            // while this runs, so the client keeps sending (a bounded number) until it is refused.
            int accepted = 0;
            RawHttpConnection.Response r = greedy.send(beacon(body("sports", 1, 0))).readResponse();
            for (; r.status() == 204 && accepted < 20; accepted++) {
                r = greedy.send(beacon(body("sports", 1, 0))).readResponse();
            }
            assertThat(accepted).as("beacons accepted before the first 429").isGreaterThanOrEqualTo(4);
            assertThat(r.status()).isEqualTo(429);
            assertThat(r.headers()).contains("retry-after: 1");
            counted = accepted + 1;
            assertThat(other.send(beacon(body("sports", 1, 0))).readResponse().status()).isEqualTo(204);
        }
        PrometheusText after = metrics();
        assertThat(after.value("tracker_beacons_refused_total", "reason", "rate_limited")
                - before.value("tracker_beacons_refused_total", "reason", "rate_limited")).isEqualTo(1);
        assertThat(grown(before, after, "p2p", "sports")).as("every accepted beacon, the refused one not").isEqualTo(counted);
    }

    @Test
    void theHttpGuardHoldsForBeacons_pipelinedOnesAnsweredInTurn_aStalledBodyClosedAtTheRequestTimeout() throws IOException {
        try (RawHttpConnection pipelined = RawHttpConnection.connectFrom("127.0.0.70", tracker.port())) {
            pipelined.send(beacon(body("sports", 1, 0)) + beacon("{") + beacon(body("sports", 2, 0)));
            assertThat(pipelined.readResponse().status()).isEqualTo(204);
            assertThat(pipelined.readResponse().status()).isEqualTo(400);
            assertThat(pipelined.readResponse().status()).isEqualTo(204);
        }
        double timeouts = metrics().value("tracker_upgrades_refused_total", "reason", "request_timeout");
        try (RawHttpConnection stalled = RawHttpConnection.connectFrom("127.0.0.71", tracker.port())) {
            String whole = beacon(body("sports", 1, 0));
            stalled.send(whole.substring(0, whole.length() - 5)); // the body's last bytes never come
            assertThat(stalled.closedWithin(Duration.ofSeconds(4))).as("closed at limits.request-timeout").isTrue();
        }
        await().atMost(Duration.ofSeconds(5)).until(() ->
                metrics().value("tracker_upgrades_refused_total", "reason", "request_timeout") == timeouts + 1);
    }

    @Test
    void webtorrentsAnnouncedTotalsAddTheirGrowthPerPeer_andZerosAddNothing() {
        PrometheusText before = metrics();
        String torrent = TORRENT.toBinaryString();
        String peerId = Ids.peerId();
        Peer webtorrent = track(clients.connect(tracker.port(), "/", Map.of("Origin", PLAYER)));
        webtorrent.announce(ClientAnnounce.started(torrent, peerId).toString());
        webtorrent.announce(ClientAnnounce.of(torrent, peerId).withTransferred(4_000, 1_000_000).toString());
        webtorrent.announce(ClientAnnounce.of(torrent, peerId).withTransferred(6_500, 3_000_000).toString());
        // P2P Media Loader: 0 and 0, always
        String segments = Ids.infoHash();
        Peer p2pml = track(clients.connect(tracker.port(), "/", Map.of("Origin", PLAYER)));
        p2pml.announce(ClientAnnounce.started(segments, Ids.peerId()).toString());
        PrometheusText after = metrics();
        assertThat(after.value("tracker_announced_bytes_total", "direction", "uploaded", "stream", TORRENT.toHex())
                - before.value("tracker_announced_bytes_total", "direction", "uploaded", "stream", TORRENT.toHex()))
                .isEqualTo(6_500);
        assertThat(after.value("tracker_announced_bytes_total", "direction", "downloaded", "stream", TORRENT.toHex())
                - before.value("tracker_announced_bytes_total", "direction", "downloaded", "stream", TORRENT.toHex()))
                .isEqualTo(3_000_000);
        assertThat(after.sum("tracker_announced_bytes_total") - before.sum("tracker_announced_bytes_total"))
                .isEqualTo(3_006_500);
    }

    @Test
    void withTheDefaultsThereIsNoBeaconEndpoint() {
        try (RunningTracker defaults = RunningTracker.start();
             RawHttpConnection http = RawHttpConnection.connectFrom("127.0.0.80", defaults.port())) {
            assertThat(http.send(beacon(body("sports", 1, 0))).readResponse().status()).isEqualTo(404);
            PrometheusText metrics = PrometheusText.parse(defaults.get("/metrics").body());
            assertThat(metrics.sum("tracker_player_bytes_total")).isZero();
            assertThat(metrics.labelValues("tracker_player_bytes_total", "stream")).containsExactly("other");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private PrometheusText metrics() {
        return PrometheusText.parse(tracker.get("/metrics").body());
    }

    private static double grown(PrometheusText before, PrometheusText after, String source, String stream) {
        return after.value("tracker_player_bytes_total", "source", source, "stream", stream)
                - before.value("tracker_player_bytes_total", "source", source, "stream", stream);
    }
}
