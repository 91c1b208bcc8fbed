package dev.hivecast.tracker.it.cluster;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.awaitility.Awaitility;

/** The players' side: a Vert.x of its own, one WebSocket client, and a paced way to bring many peers in. */
final class SwarmClients implements AutoCloseable {

    /** The longest any single reply, join or close may take. */
    static final Duration WAIT = Duration.ofSeconds(15);

    private final Vertx vertx = Vertx.vertx();
    private final WebSocketClient client;

    SwarmClients() {
        this(null);
    }

    /**
     * @param localAddress the loopback address the connections come from (127.0.0.2, say), so that
     *                     the nodes take them for another client than 127.0.0.1's; null for any
     */
    SwarmClients(String localAddress) {
        WebSocketClientOptions options = new WebSocketClientOptions()
                // Vert.x queues WebSockets beyond 50 per server; here every peer is a connection of its own.
                .setMaxConnections(50_000)
                .setMaxFrameSize(1 << 20)
                .setMaxMessageSize(1 << 20)
                .setConnectTimeout((int) WAIT.toMillis())
                .setClosingTimeout(2);
        options.setLocalAddress(localAddress);
        client = vertx.createWebSocketClient(options);
    }

    /**
     * Connects each peer to the node it names and has it join its swarm with {@code started}:
     * at most {@code perSecond} connections a second and {@code maxInFlight} joins unanswered at a
     * time, so a big swarm arrives as a ramp, not as one burst.
     *
     * @param ports the WebSocket port of each node, by node index
     */
    void join(List<SwarmPeer> peers, int[] ports, int perSecond, int maxInFlight) {
        Semaphore inFlight = new Semaphore(maxInFlight);
        List<CompletableFuture<SwarmPeer.Reply>> joined = new ArrayList<>(peers.size());
        long start = System.nanoTime();
        long interval = TimeUnit.SECONDS.toNanos(1) / perSecond;
        for (int i = 0; i < peers.size(); i++) {
            parkUntil(start + i * interval);
            try {
                if (!inFlight.tryAcquire(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new AssertionError(maxInFlight + " joins unanswered for " + WAIT.toSeconds() + " s after "
                            + i + " of " + peers.size() + " peers");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            SwarmPeer peer = peers.get(i);
            joined.add(peer.connect(client, ports[peer.node()])
                    .thenCompose(SwarmPeer::start)
                    .whenComplete((reply, error) -> inFlight.release()));
        }
        await(CompletableFuture.allOf(joined.toArray(CompletableFuture[]::new)), peers.size() + " joins");
    }

    /** Connects one peer to the node it names, without announcing. */
    CompletableFuture<SwarmPeer> connect(SwarmPeer peer, int[] ports) {
        return peer.connect(client, ports[peer.node()]);
    }

    /** Paces a ramp: returns at {@code due} (a System.nanoTime()), or at once if that has passed. */
    static void parkUntil(long due) {
        for (long early = due - System.nanoTime(); early > 0; early = due - System.nanoTime()) {
            LockSupport.parkNanos(early);
        }
    }

    /** Waits until a scrape through each probe (one peer per node, say) counts {@code members} in its swarm. */
    static void awaitMembers(List<SwarmPeer> probes, int members) {
        Awaitility.await("a scrape on " + probes + " counts " + members + " members")
                .atMost(WAIT).pollInterval(Duration.ofMillis(100))
                .until(() -> probes.stream().allMatch(p -> await(p.scrapeMembers(), "scrape through " + p) == members));
    }

    /** Waits at most {@link #WAIT}. */
    static <T> T await(CompletableFuture<T> future, String what) {
        try {
            return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError(what + ": nothing within " + WAIT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (Exception e) {
            throw new AssertionError(what + " failed", e);
        }
    }

    /** Closes every connection of these clients. */
    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }
}
