package dev.hivecast.tracker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * HTTP connections live by the same rules as WebSockets. Each request, not only a connection's
 * first, must be whole within limits.request-timeout of the connection's start or of its previous
 * response, and an idle keep-alive connection is closed after it: a client that sent one quick
 * request cannot then dribble an upgrade or sit idle for ever. And every TCP connection counts
 * toward limits.max-connections and limits.max-connections-per-ip from its first byte, HTTP or
 * WebSocket (once), while the admin port, bounded apart, still lets Prometheus in.
 */
@RunsAlone
class HttpConnectionsIT extends TrackerTestBase {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration SLACK = Duration.ofMillis(1500);
    private static final int PER_NODE = 13;
    private static final int PER_IP = 5;
    /** Any complete request: on the public port, with the ops endpoints on the admin port, a 404. */
    private static final String GET = "GET /x HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    private static final int ANSWERED = 404;

    @Override
    protected String[] flags() {
        // The admin port keeps the test's own /metrics and /stats requests out of the counts.
        return new String[] {"--admin.port", "0", "--limits.request-timeout", REQUEST_TIMEOUT.toSeconds() + "s",
                "--limits.max-connections", String.valueOf(PER_NODE),
                "--limits.max-connections-per-ip", String.valueOf(PER_IP)};
    }

    /** Sends one request a line per 500 ms; returns when the server closed, or null if it never did. */
    private static Duration dribbleUpgrade(RawHttpConnection http, long from) {
        String[] lines = {"GET / HTTP/1.1\r\n", "Host: 127.0.0.1\r\n", "Upgrade: websocket\r\n", "Connection: Upgrade\r\n",
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n", "Sec-WebSocket-Version: 13\r\n", "X-Slow: 1\r\n",
            "X-Slow: 2\r\n", "X-Slow: 3\r\n", "X-Slow: 4\r\n", "X-Slow: 5\r\n", "X-Slow: 6\r\n", "\r\n"};
        for (String line : lines) {
            try {
                http.send(line);
            } catch (IOException e) {
                return Duration.ofNanos(System.nanoTime() - from);
            }
            if (http.closedWithin(Duration.ofMillis(500))) {
                return Duration.ofNanos(System.nanoTime() - from);
            }
        }
        return null;
    }

    @Test
    void anUpgradeDribbledAfterAKeepAliveRequestIsCutWithinTheTimeout() throws Exception {
        try (WitnessPair witness = WitnessPair.start(peer(), peer())) {
            double before = metric("tracker_upgrades_refused_total", "reason", "request_timeout");
            for (int i = 0; i < 3; i++) {
                try (RawHttpConnection http = RawHttpConnection.connect(tracker.port())) {
                    http.send(GET);
                    http.readResponse();
                    long answered = System.nanoTime();
                    Duration cutAfter = dribbleUpgrade(http, answered);
                    assertThat(cutAfter).as("closed by the server").isNotNull()
                            .isGreaterThanOrEqualTo(REQUEST_TIMEOUT.minusMillis(50))
                            .isLessThan(REQUEST_TIMEOUT.plus(SLACK));
                }
            }
            await().atMost(RunningTracker.WAIT).until(() ->
                    metric("tracker_upgrades_refused_total", "reason", "request_timeout") >= before + 3);
            witness.stopAndAssertServed();
        }
    }

    @Test
    void anIdleKeepAliveConnectionIsClosedAfterTheTimeoutWhileOneInUseIsNot() throws Exception {
        double idleBefore = metric("tracker_upgrades_refused_total", "reason", "http_idle");
        try (RawHttpConnection idle = RawHttpConnection.connect(tracker.port()); RawHttpConnection busy = RawHttpConnection.connect(tracker.port())) {
            idle.send(GET).readResponse();
            long answered = System.nanoTime();
            // the busy one sends a request every 700 ms: each within the timeout of the one before
            for (int i = 0; i < 3; i++) {
                assertThat(idle.closedWithin(Duration.ofMillis(700))).isFalse();
                busy.send(GET);
                assertThat(busy.readResponse().status()).isEqualTo(ANSWERED);
            }
            assertThat(idle.closedWithin(REQUEST_TIMEOUT.plus(SLACK))).as("idle keep-alive closed").isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - answered)).isGreaterThanOrEqualTo(REQUEST_TIMEOUT.minusMillis(50));
            busy.send(GET);
            assertThat(busy.readResponse().status()).isEqualTo(ANSWERED);
        }
        assertThat(metric("tracker_upgrades_refused_total", "reason", "http_idle")).isGreaterThanOrEqualTo(idleBefore + 1);
    }

    @Test
    void httpConnectionsCountTowardThePerIpAndPerNodeLimitsFromTheFirstByte() throws Exception {
        List<RawHttpConnection> held = new ArrayList<>();
        try (WitnessPair witness = WitnessPair.start(peer(), peer())) {
            double perIpBefore = metric("tracker_upgrades_refused_total", "reason", "max_connections_per_ip");
            double perNodeBefore = metric("tracker_upgrades_refused_total", "reason", "max_connections");
            // 2 witnesses from 127.0.0.1 and 5 from each of two more addresses: 12; one more fills the node
            for (String ip : new String[] {"127.0.0.2", "127.0.0.3"}) {
                for (int i = 0; i < PER_IP; i++) {
                    RawHttpConnection http = RawHttpConnection.connectFrom(ip, tracker.port());
                    held.add(http);
                    assertThat(http.send(GET).readResponse().status()).isEqualTo(ANSWERED);
                }
                try (RawHttpConnection over = RawHttpConnection.connectFrom(ip, tracker.port())) {
                    assertThat(over.send(GET).readResponse().status()).as("one over %s's share", ip).isEqualTo(429);
                    assertThat(over.closedWithin(Duration.ofSeconds(2))).isTrue();
                }
            }
            RawHttpConnection last = RawHttpConnection.connectFrom("127.0.0.4", tracker.port());
            held.add(last);
            assertThat(last.send(GET).readResponse().status()).isEqualTo(ANSWERED);
            try (RawHttpConnection over = RawHttpConnection.connectFrom("127.0.0.4", tracker.port())) {
                assertThat(over.send(GET).readResponse().status()).as("one over the node's limit").isEqualTo(503);
            }
            assertThat(tracker.get("/health").statusCode()).as("the admin port, public port full").isEqualTo(200);
            for (RawHttpConnection http : held) {
                http.close();
            }
            held.clear();
            // the places are given back at the close; meanwhile the counts are the metrics'
            await().atMost(RunningTracker.WAIT).until(() -> metric("tracker_upgrades_refused_total", "reason",
                    "max_connections_per_ip") == perIpBefore + 2);
            assertThat(metric("tracker_upgrades_refused_total", "reason", "max_connections")).isEqualTo(perNodeBefore + 1);
            witness.stopAndAssertServed();
        } finally {
            for (RawHttpConnection http : held) {
                http.close();
            }
        }
    }

    @Test
    void aWebSocketCountsOnceTowardItsIpsLimit() throws Exception {
        // 127.0.0.1 may hold 5: these 5 WebSockets all fit, which they would not if the
        // connection counted once as HTTP and again at its upgrade
        List<Peer> peers = new ArrayList<>();
        for (int i = 0; i < PER_IP; i++) {
            peers.add(peer());
        }
        try (RawHttpConnection over = RawHttpConnection.connect(tracker.port())) {
            assertThat(over.send(GET).readResponse().status()).isEqualTo(429);
        }
        peers.get(0).close();
        tracker.awaitConnections(PER_IP - 1);
        await().atMost(RunningTracker.WAIT).until(() -> {
            try (RawHttpConnection again = RawHttpConnection.connect(tracker.port())) {
                return again.send(GET).readResponse().status() == ANSWERED;
            }
        });
    }
}
