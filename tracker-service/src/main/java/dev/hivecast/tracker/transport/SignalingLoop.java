package dev.hivecast.tracker.transport;

import dev.hivecast.tracker.access.InfoHashPolicy;
import dev.hivecast.tracker.access.UpgradeRefusal;
import dev.hivecast.tracker.access.UpgradeRequest;
import dev.hivecast.tracker.nodes.NodeSendBatches;
import dev.hivecast.tracker.limits.ClientState;
import dev.hivecast.tracker.limits.IpAddresses;
import dev.hivecast.tracker.limits.MessageRates;
import dev.hivecast.protocol.TrackerCodec;
import dev.hivecast.tracker.swarm.LoopMessage;
import dev.hivecast.tracker.swarm.SwarmSettings;
import dev.hivecast.tracker.swarm.LoopSwarms;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.ServerWebSocketHandshake;
import java.time.Duration;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One signaling event loop: its share of the public listener (Vert.x spreads connections over
 * the instances), its {@link LoopSwarms}, and the timers that sweep expired members and keep
 * connections healthy. Deploy one instance per loop through {@link SignalingNode#newVerticle()}.
 */
public final class SignalingLoop extends VerticleBase {

    private static final Logger log = LoggerFactory.getLogger(SignalingLoop.class);

    private final SignalingNode node;
    private final int index;
    private final LoopCounters counters = new LoopCounters();
    private final Set<ConnectionHandler> connections = new HashSet<>();
    private final Queue<Runnable> handedOver = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean handOverScheduled = new AtomicBoolean();
    private String host;
    private int port;
    private Handler<HttpServerRequest> httpHandler = req -> req.response().setStatusCode(404).end();
    private LoopSwarms shard;
    private LoopOutbox outbox;
    private LoopOutbox outboxForOtherNodes;
    private HttpServer server;
    private NewConnections newConnections;
    private long probeDueAt;
    private List<ConnectionHandler> healthRound = List.of();
    private int healthNext;

    SignalingLoop(SignalingNode node, int index) {
        this.node = node;
        this.index = index;
    }

    /** Where to listen (port 0 = any free port) and what answers plain HTTP requests. */
    public SignalingLoop listenOn(String host, int port, Handler<HttpServerRequest> httpHandler) {
        this.host = host;
        this.port = port;
        if (httpHandler != null) {
            this.httpHandler = httpHandler;
        }
        return this;
    }

    @Override
    public Future<?> start() {
        shard = new LoopSwarms(index, node.directory(), node.remoteSwarms(), node.swarmSettings(), System::nanoTime,
                new SplittableRandom());
        NodeSendBatches toOtherNodes = node.nodeLink() == null ? null
                : new NodeSendBatches(node.nodeLink(), task -> context.runOnContext(v -> task.run()));
        outbox = new LoopOutbox(node, counters, toOtherNodes, false);
        outboxForOtherNodes = new LoopOutbox(node, counters, toOtherNodes, true);
        node.register(index, this);
        TransportSettings t = node.transportSettings();
        HttpServerOptions options = PublicListenerOptions.of(t, node.limits(), node.tls());
        newConnections = new NewConnections(vertx, node);
        server = vertx.createHttpServer(options)
                .connectionHandler(newConnections::onTcpConnection)
                .exceptionHandler(newConnections::onConnectionFailure)
                // No webSocketHandler: onHandshake opens each accepted socket with the client it
                // worked out (see there why the socket's own remote address is not asked again).
                .webSocketHandshakeHandler(this::onHandshake)
                .requestHandler(req -> {
                    newConnections.requestArrived(req.remoteAddress(), req.localAddress());
                    httpHandler.handle(req);
                });
        long sweepMillis = Math.max(100, node.swarmSettings().sweepInterval().toMillis());
        vertx.setPeriodic(sweepMillis, sweepMillis, id -> sweep());
        long healthTick = Math.max(1, healthRoundMillis(t) / HEALTH_SLICES);
        vertx.setPeriodic(healthTick, healthTick, id -> checkHealth());
        scheduleDelayProbe();
        return server.listen(port == 0 ? SHARED_FREE_PORT : port, host);
    }

    /**
     * Vert.x shares one listener among the servers of one Vertx on the same host and port, and
     * spreads accepted connections over them, but not for port 0: each of those binds a free
     * port of its own, so every loop but the first would listen where no one connects. A
     * negative port is Vert.x's "one free port, shared by every server asking for this number".
     */
    private static final int SHARED_FREE_PORT = -1;

    /**
     * Event-loop delay: a timer due in {@link #PROBE_MILLIS} runs late by as long as the loop was
     * busy with other work when it fell due. One timer per loop, ten a second: no cost per message.
     */
    private void scheduleDelayProbe() {
        probeDueAt = System.nanoTime() + PROBE_MILLIS * 1_000_000;
        vertx.setTimer(PROBE_MILLIS, id -> {
            node.timings().loopDelay(Math.max(0, System.nanoTime() - probeDueAt));
            scheduleDelayProbe();
        });
    }

    private static final long PROBE_MILLIS = 100;

    public int actualPort() {
        return server.actualPort();
    }

    /** This loop's share of the public listener (TLS reloads go through any one of them). */
    public HttpServer httpServer() {
        return server;
    }

    public int index() {
        return index;
    }

    public LoopCounters counters() {
        return counters;
    }

    /** Read from any thread: the shard publishes its counts through volatile fields. */
    public LoopSwarms shard() {
        return shard;
    }

    LoopOutbox outbox() {
        return outbox;
    }

    SignalingNode node() {
        return node;
    }

    TrackerCodec codec() {
        return node.codec();
    }

    SwarmSettings swarmSettings() {
        return node.swarmSettings();
    }

    TransportSettings transportSettings() {
        return node.transportSettings();
    }

    /**
     * Completes on this loop when {@code wait} completes or {@code longest} has passed, whichever
     * is first ({@code onTimeout} runs in the second case).
     */
    Future<Void> boundedWait(Future<Void> wait, Duration longest, Runnable onTimeout) {
        Promise<Void> done = Promise.promise();
        long timer = vertx.setTimer(Math.max(1, longest.toMillis()), id -> {
            if (done.tryComplete()) {
                onTimeout.run();
            }
        });
        wait.onComplete(ar -> context.runOnContext(v -> {
            vertx.cancelTimer(timer);
            done.tryComplete();
        }));
        return done.future();
    }

    /** Hands work from another loop to this one; runs later, on this loop. */
    void post(LoopMessage message) {
        handOver(() -> shard.receive(message, outbox));
    }

    /** The same, for work another node sent: its relays are counted as the other node's. */
    void postFromOtherNode(LoopMessage message) {
        handOver(() -> shard.receive(message, outboxForOtherNodes));
    }

    /**
     * Work handed to this loop waits in {@link #handedOver} and runs before the next message this
     * loop reads ({@link #runHandedOverWork}), or in a task of its own if no message comes first.
     * Why not a plain task: Netty handles an iteration's socket reads before its queued tasks, so
     * an offer another loop relayed to a peer here could be overtaken by a message that peer (or
     * anyone) sent after the offer was handed over: the peer's scrape reply would then arrive
     * before the offer. This way a loop handles what it was given in the order it was given,
     * whether it came from a socket or from another loop. One task is queued per batch, not per
     * message, so a busy loop is woken once for many hand-overs.
     */
    private void handOver(Runnable work) {
        handedOver.offer(work);
        if (handOverScheduled.compareAndSet(false, true)) {
            context.runOnContext(v -> drainHandedOverWork());
        }
    }

    /**
     * Runs the work other loops handed to this one so far, before a message this loop read. On
     * this loop only. Usually there is none: then it is one read, and the shared flag is left to
     * the queued task, which always clears it (a hand-over that finds it set relies on that task).
     */
    void runHandedOverWork() {
        if (!handedOver.isEmpty()) {
            drainHandedOverWork();
        }
    }

    private void drainHandedOverWork() {
        handOverScheduled.set(false); // a hand-over from now on schedules its own run
        for (Runnable work; (work = handedOver.poll()) != null; ) {
            try {
                work.run();
            } catch (RuntimeException e) {
                // A bug must cost this one hand-over, never the ones queued behind it.
                log.error("loop {}: handed-over work failed", index, e);
            }
        }
    }

    void onClosed(ConnectionHandler connection) {
        if (connections.remove(connection)) {
            counters.connectionsClosed++;
            if (!connection.closedByServer()) {
                counters.clientCloses++;
            }
            node.closed(connection.session());
            shard.close(connection.session());
            node.connectionLimits().release(connection.rates().client(), System.nanoTime());
        }
    }

    /**
     * Closes every connection of this loop with 1001, spread evenly over {@code window} so the
     * players do not all reconnect in the same instant. Completes when the last close is sent.
     */
    public Future<Void> drain(Duration window) {
        Promise<Void> done = Promise.promise();
        context.runOnContext(v -> {
            List<ConnectionHandler> toClose = new ArrayList<>(connections);
            if (toClose.isEmpty()) {
                done.complete();
                return;
            }
            // One step every 50 ms, and never more steps than sockets: the drain ends with the
            // last close instead of waiting out the window.
            long steps = Math.max(1, Math.min(window.toMillis() / 50, toClose.size()));
            long pause = Math.max(1, window.toMillis() / steps);
            closeInSteps(toClose, 0, steps, pause, done);
        });
        return done.future();
    }

    private void closeInSteps(List<ConnectionHandler> toClose, long step, long steps, long pause, Promise<Void> done) {
        int from = (int) (toClose.size() * step / steps);
        int to = (int) (toClose.size() * (step + 1) / steps);
        for (int i = from; i < to; i++) {
            toClose.get(i).close(CloseCodes.GOING_AWAY, "tracker restarting", CloseReason.DRAIN);
        }
        if (step + 1 >= steps) {
            done.complete();
        } else {
            vertx.setTimer(pause, id -> closeInSteps(toClose, step + 1, steps, pause, done));
        }
    }

    private void onHandshake(ServerWebSocketHandshake handshake) {
        newConnections.requestArrived(handshake.remoteAddress(), handshake.localAddress());
        if (node.isDraining()) {
            handshake.reject(503);
            return;
        }
        String client = clientAddress(handshake.remoteAddress() == null ? null : handshake.remoteAddress().hostAddress(),
                handshake.headers());
        UpgradeRefusal refusal = node.upgradeGate().check(new UpgradeRequest(handshake.path(), handshake.query(),
                handshake.headers().get("Origin"), client));
        if (refusal == null) {
            // Last, because it takes places that a refusal by another rule would have to give back.
            refusal = node.connectionLimits().admit(clientKey(client));
        }
        if (refusal != null) {
            node.refusals().refused(refusal);
            handshake.reject(refusal.httpStatus());
        } else {
            // The client goes along instead of being read again from the socket: behind PROXY
            // protocol Vert.x 5.0.7 reports the header's source on the HTTP connection only, and
            // the WebSocket (a new connection object on the same channel) the proxy's address.
            handshake.accept().onSuccess(socket -> onWebSocket(socket, client)).onFailure(e -> node.connectionLimits()
                    .release(node.connectionLimits().stateOf(clientKey(client)), System.nanoTime()));
        }
    }

    /** The client's address: the socket's peer, or who a trusted proxy says it forwards for. */
    private String clientAddress(String peer, MultiMap headers) {
        return node.clientAddresses().clientOf(peer, headers.get("Forwarded"), headers.get("X-Forwarded-For"));
    }

    /** What per-IP limits count under (an IPv6 /64); the text itself if it is no IP literal. */
    private static String clientKey(String client) {
        InetAddress address = IpAddresses.parse(client);
        return address == null ? client : IpAddresses.clientKey(address);
    }

    /** Removes, on this loop, the members of every swarm {@code policy} refuses. */
    Future<Void> evict(InfoHashPolicy policy) {
        Promise<Void> done = Promise.promise();
        context.runOnContext(v -> {
            counters.membersEvicted += shard.evict(h -> !policy.allows(h));
            done.complete();
        });
        return done.future();
    }

    /** @param client the client's address as the handshake worked it out, which admitted it under that key */
    private void onWebSocket(ServerWebSocket socket, String client) {
        ClientState state = node.connectionLimits().stateOf(clientKey(client));
        ConnectionHandler connection = new ConnectionHandler(socket, this, node.nextSessionId(), System.nanoTime(),
                client, new MessageRates(node.limits(), state));
        connections.add(connection);
        counters.connectionsOpened++;
        shard.open(connection.session());
        node.opened(connection.session());
        connection.start();
    }

    private void sweep() {
        if (index == 0) {
            node.clients().sweep(System.nanoTime()); // shared by all loops: one of them sweeps it
        }
        LoopSwarms.SweepResult result = shard.sweep();
        counters.expiredMembers += result.expiredMembers();
        counters.offersExpired += result.expiredOffers();
    }

    /**
     * Checks the next slice of the current round's connections. Every connection silent for a
     * ping interval is pinged when its turn comes, so checking them all at once would send about
     * connections x round / ping-interval pings in one burst, with messages queued behind it:
     * at 19,000 peers (scenario d) that was ~800 pings per loop every 2.5 s. In slices, each
     * connection is still checked once a round and the bursts are {@link #HEALTH_SLICES} times
     * smaller.
     */
    private void checkHealth() {
        if (healthNext >= healthRound.size()) {
            healthRound = new ArrayList<>(connections);
            healthNext = 0;
        }
        int end = Math.min(healthRound.size(), healthNext + (healthRound.size() + HEALTH_SLICES - 1) / HEALTH_SLICES);
        long now = System.nanoTime();
        for (; healthNext < end; healthNext++) {
            ConnectionHandler c = healthRound.get(healthNext);
            if (connections.contains(c)) { // not closed since the round began
                c.checkHealth(now);
            }
        }
    }

    private static final int HEALTH_SLICES = 10;

    /** A quarter of the shortest timeout the health check enforces, between 0.1 and 5 s. */
    private long healthRoundMillis(TransportSettings t) {
        long shortest = Math.min(t.pingInterval().toMillis(), Math.min(t.idleTimeout().toMillis(), t.slowConsumerTimeout().toMillis()));
        long messageTimeout = node.limits().messageTimeout().toMillis();
        if (messageTimeout > 0) {
            shortest = Math.min(shortest, messageTimeout);
        }
        return Math.max(100, Math.min(5_000, shortest / 4));
    }
}
