package dev.hivecast.tracker.transport;

import dev.hivecast.protocol.TrackerCodec;
import dev.hivecast.tracker.access.InfoHashPolicy;
import dev.hivecast.tracker.config.ConnectionConfig;
import dev.hivecast.tracker.insight.OfferCandidates;
import dev.hivecast.tracker.locality.Locality;
import dev.hivecast.tracker.nodes.NodeSendBatches;
import dev.hivecast.tracker.swarm.LoopMessage;
import dev.hivecast.tracker.swarm.LoopSwarms;
import dev.hivecast.tracker.swarm.MembershipLimits;
import dev.hivecast.tracker.swarm.RemoteSwarms;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.ServerWebSocketHandshake;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * One signaling event loop: its share of the public listener (Vert.x spreads connections over
 * the instances), its {@link LoopSwarms}, its {@link RequestPipeline}, and the timers that sweep
 * expired members and keep connections healthy. {@code TrackerServer} deploys one per loop index.
 */
public final class SignalingLoop extends VerticleBase {

    private final int loopIndex;
    private final LoopParts parts;
    private final String host;
    private final int port;
    private final Handler<HttpServerRequest> httpHandler;
    private final LoopCounters counters = new LoopCounters();
    private final Set<ConnectionHandler> connections = new HashSet<>();
    private LoopSwarms swarms;
    private LoopOutbox outbox;
    private LoopOutbox outboxForOtherNodes;
    private RequestPipeline pipeline;
    private HandOvers handOvers;
    private HttpServer server;
    private NewConnections newConnections;
    private long probeDueAt;

    /**
     * @param loopIndex   the loop index, 0..loops-1
     * @param host        where to listen; {@code port} 0 = any free port, shared by every loop
     * @param httpHandler what answers plain HTTP requests on the public port
     */
    public SignalingLoop(int loopIndex, LoopParts parts, String host, int port, Handler<HttpServerRequest> httpHandler) {
        this.loopIndex = loopIndex;
        this.parts = parts;
        this.host = host;
        this.port = port;
        this.httpHandler = httpHandler;
    }

    @Override
    public Future<?> start() {
        RemoteSwarms remote = parts.view() == null ? RemoteSwarms.NONE : parts.view();
        swarms = new LoopSwarms(loopIndex, parts.directory(), remote, parts.swarm(), System::nanoTime, new SplittableRandom());
        NodeSendBatches toOtherNodes = parts.link() == null ? null
                : new NodeSendBatches(parts.link(), task -> context.runOnContext(v -> task.run()));
        OfferCandidates candidates = parts.iceCandidates() ? counters.offerCandidates() : null;
        outbox = new LoopOutbox(parts.loops(), counters, parts.timings(), toOtherNodes, false, candidates);
        outboxForOtherNodes = new LoopOutbox(parts.loops(), counters, parts.timings(), toOtherNodes, true, candidates);
        pipeline = new RequestPipeline(parts.codec(), new RateStep(counters), new AccessStep(parts.infoHashes()),
                new ViewWarmUp(parts.view(), parts.directory(), parts.swarm().offerRouting(), this),
                new MembershipStep(new MembershipLimits(parts.admission().limits().maxSwarmsPerConnection(),
                        parts.admission().limits().maxPeerIdsPerConnection())),
                swarms, outbox, counters, parts.announced());
        handOvers = new HandOvers(context, loopIndex);
        parts.loops().started(this);
        HttpServerOptions options = PublicListenerOptions.of(parts.connection(), parts.admission().limits(), parts.tls());
        newConnections = new NewConnections(parts.admission(), options);
        server = vertx.createHttpServer(options)
                .connectionHandler(newConnections::onTcpConnection)
                .exceptionHandler(newConnections::onConnectionFailure)
                // No webSocketHandler: onHandshake opens each accepted socket with the client it
                // worked out (see there why the socket's own remote address is not asked again).
                .webSocketHandshakeHandler(this::onHandshake)
                .requestHandler(httpHandler);
        long sweepMillis = Math.max(100, parts.swarm().announce().sweepInterval().toMillis());
        vertx.setPeriodic(sweepMillis, sweepMillis, id -> sweep());
        HealthRounds health = new HealthRounds(connections, parts.connection(), messageTimeout());
        vertx.setPeriodic(health.tickMillis(), health.tickMillis(), id -> health.tick());
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
            parts.timings().loopDelay(Math.max(0, System.nanoTime() - probeDueAt));
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

    public int loopIndex() {
        return loopIndex;
    }

    public LoopCounters counters() {
        return counters;
    }

    /** Read from any thread: the swarms publish their counts through volatile fields. */
    public LoopSwarms swarms() {
        return swarms;
    }

    RequestPipeline pipeline() {
        return pipeline;
    }

    TrackerCodec codec() {
        return parts.codec();
    }

    SignalingTimings timings() {
        return parts.timings();
    }

    ConnectionConfig connectionSettings() {
        return parts.connection();
    }

    /** Where a new connection's client is (its locality), computed once when it connects. */
    Locality localityOf(String clientAddress) {
        return parts.locality().of(clientAddress);
    }

    int maxPendingOffers() {
        return parts.swarm().connection().maxPendingOffers();
    }

    /** How long a message in fragments may take (limits.message-timeout; zero: no limit). */
    Duration messageTimeout() {
        return parts.admission().limits().messageTimeout();
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

    /** Hands work from another loop to this one; runs later, on this loop (see {@link HandOvers}). */
    void post(LoopMessage message) {
        handOvers.add(() -> swarms.receive(message, outbox));
    }

    /** The same, for work another node sent: its relays are counted as the other node's. */
    void postFromOtherNode(LoopMessage message) {
        handOvers.add(() -> swarms.receive(message, outboxForOtherNodes));
    }

    /** Runs the work other loops handed to this one so far, before a message this loop read. */
    void runHandedOverWork() {
        handOvers.runPending();
    }

    void onClosed(ConnectionHandler connection) {
        if (connections.remove(connection)) {
            counters.connectionsClosed++;
            if (!connection.closedByServer()) {
                counters.clientCloses++;
            }
            parts.loops().closed(connection.connection());
            swarms.close(connection.connection());
            // Its places in the connection limits go back when the TCP connection closes (NewConnections).
        }
    }

    /**
     * Closes every connection of this loop with 1001, spread evenly over {@code window} so the
     * players do not all reconnect in the same instant. Completes when the last close is sent.
     */
    Future<Void> drain(Duration window) {
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
        if (parts.loops().isDraining()) {
            handshake.reject(503);
            return;
        }
        ConnectionPlaces places = newConnections.placesOf(handshake.remoteAddress(), handshake.localAddress());
        if (places == null) {
            handshake.reject(503); // its connection closed while the request was read
            return;
        }
        String client = parts.admission().admit(handshake, places);
        if (client != null) {
            // The client goes along instead of being read again from the socket: behind PROXY
            // protocol Vert.x 5.0.7 reports the header's source on the HTTP connection only, and
            // the WebSocket (a new connection object on the same channel) the proxy's address.
            handshake.accept().onSuccess(socket -> onWebSocket(socket, client));
        }
    }

    /** Removes, on this loop, the members of every swarm {@code policy} refuses. */
    Future<Void> evict(InfoHashPolicy policy) {
        Promise<Void> done = Promise.promise();
        context.runOnContext(v -> {
            counters.membersEvicted += swarms.evict(h -> !policy.allows(h));
            done.complete();
        });
        return done.future();
    }

    /** @param client the client's address as the handshake worked it out, which admitted it under that key */
    private void onWebSocket(ServerWebSocket socket, String client) {
        ConnectionHandler connection = new ConnectionHandler(socket, this, parts.loops().nextConnectionId(),
                System.nanoTime(), client, parts.admission().ratesFor(client));
        connections.add(connection);
        counters.connectionsOpened++;
        swarms.open(connection.connection());
        parts.loops().opened(connection.connection());
        connection.start();
    }

    private void sweep() {
        if (loopIndex == 0) {
            parts.admission().clients().sweep(System.nanoTime()); // shared by all loops: one of them sweeps it
        }
        LoopSwarms.SweepResult result = swarms.sweep();
        counters.expiredMembers += result.expiredMembers();
        counters.offersExpired += result.expiredOffers();
    }
}
