package dev.hivecast.tracker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hivecast.protocol.ClientAnnounce;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * docs/protocol.md#f47, the graceful shutdown a rolling update relies on: readiness goes false at
 * once (the load balancer stops sending players) while liveness stays true (nobody kills the
 * draining process), new upgrades are refused, and the open sockets are closed with 1001 spread
 * over the drain window so their reconnects do not arrive as one wave.
 */
class DrainIT {

    private static final int CONNECTIONS = 40;
    private static final Duration WINDOW = Duration.ofSeconds(2);

    private RunningTracker tracker;
    private Clients clients;

    @AfterEach
    void cleanUp() throws Exception {
        if (clients != null) {
            clients.close();
        }
        if (tracker != null) {
            tracker.close();
        }
    }

    @Test
    void F47_drainMakesReadyFailAtOnceRefusesUpgradesClosesEverySocketWith1001SpreadOverTheWindowThenStops() throws Exception {
        tracker = RunningTracker.start("--drain.window", WINDOW.toSeconds() + "s", "--drain.timeout", "10s");
        clients = new Clients();
        int port = tracker.port();
        String infoHash = Ids.infoHash();
        List<Peer> peers = new ArrayList<>();
        for (int i = 0; i < CONNECTIONS; i++) {
            Peer p = clients.connect(port);
            p.announce(ClientAnnounce.started(infoHash, Ids.peerId()).toString());
            peers.add(p);
        }
        assertThat(tracker.get("/ready").statusCode()).isEqualTo(200);

        long drainStarted = System.nanoTime();
        CompletableFuture<Void> drained = tracker.server().drainAndStop().toCompletionStage().toCompletableFuture();

        assertThat(tracker.get("/ready").statusCode()).as("/ready during the drain").isEqualTo(503);
        assertThat(clients.rejectedUpgradeStatus(port, "/")).as("a new upgrade during the drain").isEqualTo(503);
        // /health answers 200 for as long as the process answers at all.
        int healthChecks = 0;
        while (!drained.isDone() && healthChecks < 1_000) {
            HttpResponse<String> health = healthOrNull(port);
            if (health == null) {
                break; // the listener is gone: the drain is ending
            }
            assertThat(health.statusCode()).as("/health during the drain").isEqualTo(200);
            healthChecks++;
        }
        assertThat(healthChecks).isPositive();

        drained.get(10, TimeUnit.SECONDS);
        long stoppedAfterMs = (System.nanoTime() - drainStarted) / 1_000_000;
        TreeMap<Long, Integer> closesPer100Ms = new TreeMap<>();
        for (Peer p : peers) {
            assertThat(p.awaitClose()).isEqualTo((short) 1001);
            closesPer100Ms.merge((p.closedAtNanos() - drainStarted) / 100_000_000, 1, Integer::sum);
        }
        long spanMs = (closesPer100Ms.lastKey() - closesPer100Ms.firstKey()) * 100;
        assertThat(spanMs).as("closes spread over the %d s window: %s", WINDOW.toSeconds(), closesPer100Ms)
                .isGreaterThanOrEqualTo(WINDOW.toMillis() / 2).isLessThanOrEqualTo(WINDOW.toMillis() + 500);
        assertThat(closesPer100Ms.values()).as("closes per 100 ms").allMatch(n -> n <= CONNECTIONS / 4);
        assertThat(stoppedAfterMs).as("stopped within the drain timeout").isLessThan(10_000);
        assertThatThrownBy(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
            }
        })
                .as("the port is closed once the drain is over").isInstanceOf(ConnectException.class);
    }

    private HttpResponse<String> healthOrNull(int port) {
        try {
            return tracker.get(port, "/health", null);
        } catch (IllegalStateException e) {
            return null;
        }
    }
}
