package dev.hivecast.tracker.transport;

import dev.hivecast.tracker.access.InfoHashPolicy;
import dev.hivecast.tracker.nodes.ClusterView;
import dev.hivecast.tracker.limits.MessageRates;
import dev.hivecast.tracker.limits.RateKind;
import dev.hivecast.tracker.limits.RateScope;
import dev.hivecast.protocol.AnnounceRequest;
import dev.hivecast.protocol.AnswerRequest;
import dev.hivecast.protocol.ErrorResponse;
import dev.hivecast.protocol.Event;
import dev.hivecast.protocol.InMessage;
import dev.hivecast.protocol.InfoHash;
import dev.hivecast.protocol.ProtocolException;
import dev.hivecast.protocol.RelayParts;
import dev.hivecast.protocol.ScrapeRequest;
import dev.hivecast.tracker.swarm.MembershipLimits;
import dev.hivecast.tracker.swarm.OfferRouting;
import dev.hivecast.tracker.swarm.Connection;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import io.vertx.core.net.impl.VertxConnection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One player's WebSocket: reassembles messages, hands them to the codec and the shard, writes
 * what the shard decides, and enforces the per-connection limits (message size, garbage, message
 * rates, swarms and peer_ids held, a send queue that stays full, silence). Everything here runs on
 * the shard's event loop.
 */
final class ConnectionHandler {

    private static final Logger log = LoggerFactory.getLogger(ConnectionHandler.class);
    private static final Buffer EMPTY = Buffer.buffer(0);

    private final ServerWebSocket socket;
    private final SignalingLoop loop;
    private final Connection session;
    private final TransportSettings settings;
    private final LoopCounters counters;
    private final MessageRates rates;
    /** The socket's connection when it writes directly (pre-encoded frames), else null. */
    private VertxConnection direct;
    private Buffer partial;
    /** When the first fragment of {@link #partial} arrived. */
    private long partialSince;
    private int invalidInARow;
    private long lastReceived;
    private long lastPing;
    private long queueFullSince = -1;
    private boolean closing;

    /** @param clientAddress the client's IP: the socket's peer, or what a trusted proxy forwarded */
    ConnectionHandler(ServerWebSocket socket, SignalingLoop loop, long sessionId, long now, String clientAddress,
                      MessageRates rates) {
        this.socket = socket;
        this.loop = loop;
        this.settings = loop.transportSettings();
        this.counters = loop.counters();
        this.rates = rates;
        this.session = new Connection(sessionId, clientAddress, loop.index(),
                loop.swarmSettings().maxPendingOffers(), this);
        this.lastReceived = now;
        this.lastPing = now;
    }

    Connection session() {
        return session;
    }

    MessageRates rates() {
        return rates;
    }

    void start() {
        direct = DirectWrites.apply(socket);
        socket.setWriteQueueMaxSize(settings.sendQueueBytes());
        socket.frameHandler(this::onFrame);
        socket.drainHandler(v -> queueFullSince = -1);
        socket.exceptionHandler(this::onException);
        socket.closeHandler(v -> loop.onClosed(this));
    }

    /** Writes one encoded message; false when it was dropped (closed, or send queue full). */
    boolean send(byte[] message) {
        if (!mayWrite()) {
            return false;
        }
        if (direct != null) {
            direct.write(TextFrames.encode(direct.channelHandlerContext().alloc(), message), false);
        } else {
            writeThroughVertx(message);
        }
        counted(message.length);
        return true;
    }

    /** Writes one relayed offer or answer; false when it was dropped (closed, or send queue full). */
    boolean send(RelayParts relay) {
        if (!mayWrite()) {
            return false;
        }
        if (direct != null) {
            direct.write(TextFrames.encode(direct.channelHandlerContext().alloc(), relay), false);
        } else {
            writeThroughVertx(relay.toByteArray());
        }
        counted(relay.length());
        return true;
    }

    private boolean mayWrite() {
        if (closing || socket.isClosed()) {
            return false;
        }
        if (socket.writeQueueFull()) {
            counters.sendQueueDrops++;
            if (queueFullSince < 0) {
                queueFullSince = System.nanoTime();
            }
            return false;
        }
        return true;
    }

    private void writeThroughVertx(byte[] message) {
        // Vert.x's public API builds text frames only from a String; this keeps the encoded
        // bytes as they are instead of decoding and re-encoding every relayed offer.
        socket.writeFrame(new WebSocketFrameImpl(WebSocketFrameType.TEXT, message, true));
    }

    private void counted(int bytes) {
        counters.messagesOut++;
        counters.bytesOut += bytes;
    }

    /** Called by the loop's health timer: ping the silent, close the dead and the stuck. */
    void checkHealth(long now) {
        if (closing) {
            return;
        }
        long messageTimeout = loop.node().limits().messageTimeout().toNanos();
        if (queueFullSince >= 0 && now - queueFullSince > settings.slowConsumerTimeout().toNanos()) {
            close(CloseCodes.POLICY_VIOLATION, "slow consumer", CloseReason.SLOW_CONSUMER);
        } else if (partial != null && messageTimeout > 0 && now - partialSince > messageTimeout) {
            partial = null;
            close(CloseCodes.POLICY_VIOLATION, "message too slow", CloseReason.SLOW_MESSAGE);
        } else if (now - lastReceived > settings.idleTimeout().toNanos()) {
            close(CloseCodes.NORMAL, "idle", CloseReason.IDLE);
        } else if (now - lastReceived > settings.pingInterval().toNanos()
                && now - lastPing > settings.pingInterval().toNanos()) {
            lastPing = now;
            socket.writePing(EMPTY);
        }
    }

    void close(short code, String reason, CloseReason why) {
        if (!closing) {
            closing = true;
            why.count(counters);
            // The client may take up to the closing timeout to answer the close frame, or never
            // answer it (a slow consumer cannot even read it): its peers leave the swarms now,
            // not when the TCP connection finally goes, so no offer is wasted on them meanwhile.
            // Before the close frame is written: once the client sees it, its peers are gone
            // from every loop's counts (another loop's reply raced it, KeepaliveIT).
            loop.onClosed(this);
            socket.close(code, reason);
        }
    }

    /**
     * Netty rejects a frame over the size limit, or one that breaks RFC 6455, before it reaches
     * {@link #onFrame}, and Vert.x then drops the TCP connection without a close frame. Sending
     * the close code first tells the client why (PROTOCOL §9 A4: 1009 for a message too big).
     */
    private void onException(Throwable e) {
        log.debug("connection {}: {}", session.id(), e.toString());
        if (e instanceof CorruptedWebSocketFrameException corrupted && corrupted.closeStatus() != null) {
            int code = corrupted.closeStatus().code();
            if (code == CloseCodes.MESSAGE_TOO_BIG) {
                close(CloseCodes.MESSAGE_TOO_BIG, "message too big", CloseReason.MESSAGE_TOO_BIG);
            } else {
                close((short) code, corrupted.closeStatus().reasonText(), CloseReason.PROTOCOL_ERROR);
            }
        }
    }

    private void onFrame(WebSocketFrame frame) {
        lastReceived = System.nanoTime();
        switch (frame.type()) {
            case TEXT, BINARY -> startMessage(frame);
            case CONTINUATION -> continueMessage(frame);
            default -> { } // ping (Vert.x answers it), pong, close: only proof of life
        }
    }

    private void startMessage(WebSocketFrame frame) {
        if (partial != null) {
            close(CloseCodes.POLICY_VIOLATION, "new message inside a fragmented one", CloseReason.PROTOCOL_ERROR);
            return;
        }
        Buffer data = frame.binaryData();
        if (frame.isFinal()) {
            onMessage(data);
        } else {
            partial = Buffer.buffer(Math.min(settings.maxMessageSize(), 2 * data.length())).appendBuffer(data);
            partialSince = lastReceived;
            checkSize(partial.length());
        }
    }

    private void continueMessage(WebSocketFrame frame) {
        if (partial == null) {
            close(CloseCodes.POLICY_VIOLATION, "continuation without a message", CloseReason.PROTOCOL_ERROR);
            return;
        }
        partial.appendBuffer(frame.binaryData());
        if (checkSize(partial.length()) && frame.isFinal()) {
            Buffer whole = partial;
            partial = null;
            onMessage(whole);
        }
    }

    private boolean checkSize(int size) {
        if (size > settings.maxMessageSize()) {
            partial = null;
            close(CloseCodes.MESSAGE_TOO_BIG, "message too big", CloseReason.MESSAGE_TOO_BIG);
            return false;
        }
        return true;
    }

    private void onMessage(Buffer data) {
        loop.runHandedOverWork(); // what other loops handed over before this message came first
        if (closing) {
            return;
        }
        ReceivedBytes bytes = ReceivedBytes.of(data);
        long received = ++counters.messagesIn;
        counters.bytesIn += bytes.length();
        if (bytes.length() > settings.maxMessageSize()) {
            close(CloseCodes.MESSAGE_TOO_BIG, "message too big", CloseReason.MESSAGE_TOO_BIG);
            return;
        }
        if ((received & (SignalingTimings.HANDLING_SAMPLE_EVERY - 1)) == 0) {
            long started = System.nanoTime();
            SignalingTimings.MessageKind kind = handleBytes(bytes);
            loop.node().timings().messageHandled(kind, System.nanoTime() - started);
        } else {
            handleBytes(bytes);
        }
    }

    private SignalingTimings.MessageKind handleBytes(ReceivedBytes bytes) {
        InMessage message;
        try {
            message = loop.codec().parse(bytes.array(), bytes.offset(), bytes.length());
        } catch (ProtocolException e) {
            counters.failuresInvalid++;
            reject(e.toResponse());
            return SignalingTimings.MessageKind.INVALID;
        }
        RateKind kind = message instanceof AnswerRequest ? RateKind.ANSWER
                : message instanceof ScrapeRequest ? RateKind.SCRAPE : RateKind.ANNOUNCE;
        RateScope overRate = rates.isLimited() ? rates.take(kind, System.nanoTime()) : null;
        if (overRate != null) {
            refuseOverRate(message, kind, overRate);
            return SignalingTimings.MessageKind.INVALID;
        }
        invalidInARow = 0;
        if (refuseSwarm(message)) {
            return message instanceof AnswerRequest ? SignalingTimings.MessageKind.ANSWER
                    : message instanceof ScrapeRequest ? SignalingTimings.MessageKind.SCRAPE
                    : SignalingTimings.MessageKind.ANNOUNCE;
        }
        if (message instanceof AnswerRequest) {
            handle(message); // routed by its pairing record: no view of other nodes needed
            return SignalingTimings.MessageKind.ANSWER;
        }
        dispatchWhenViewIsFresh(message);
        return message instanceof AnnounceRequest ? SignalingTimings.MessageKind.ANNOUNCE
                : SignalingTimings.MessageKind.SCRAPE;
    }

    /** True once the server decided to close this connection (any reason but the client's). */
    boolean closedByServer() {
        return closing;
    }

    /**
     * In cluster mode an announce or scrape may need a fresh view of the other nodes' counts
     * first (see ClusterView). The socket is paused meanwhile, so this connection's messages are
     * still handled in order; other connections are not held up.
     */
    private void dispatchWhenViewIsFresh(InMessage message) {
        ClusterView view = loop.node().clusterView();
        Future<Void> wait = view == null ? null
                : offersMayLeaveThisNode(message) ? view.warmForRouting(((AnnounceRequest) message).infoHash())
                : view.warm(swarmsOf(message));
        if (wait == null) {
            handle(message);
            return;
        }
        socket.pause();
        loop.boundedWait(wait, view.longestWait(), view::waitTimedOut).onComplete(ar -> {
            if (!closing) {
                handle(message);
                socket.resume();
            }
        });
    }

    /**
     * An announce whose offers this node's own members cannot all take (or any announce with
     * offers under uniform routing) routes by the other nodes' counts, so it wants them fresh.
     */
    private boolean offersMayLeaveThisNode(InMessage message) {
        if (!(message instanceof AnnounceRequest a) || a.offers().isEmpty() || a.numwant() == 0
                || a.event() == Event.STOPPED || a.event() == Event.COMPLETED) {
            return false;
        }
        int wanted = a.numwant() > 0 ? Math.min(a.numwant(), a.offers().size()) : a.offers().size();
        return loop.swarmSettings().offerRouting() == OfferRouting.UNIFORM
                || loop.node().directory().memberCount(a.infoHash()) <= wanted; // the announcer may be one of them
    }

    private static List<InfoHash> swarmsOf(InMessage message) {
        if (message instanceof AnnounceRequest announce) {
            return List.of(announce.infoHash());
        }
        if (message instanceof ScrapeRequest scrape) {
            return scrape.infoHashes();
        }
        return List.of();
    }

    private void handle(InMessage message) {
        try {
            dispatch(message);
        } catch (RuntimeException e) {
            // A bug must cost this one request, never the event loop or the other peers on it.
            log.error("connection {}: failed to handle {}", session.id(), message.getClass().getSimpleName(), e);
            counters.failuresInternal++;
            reject(new ErrorResponse(null, null, "internal error"));
        }
    }

    private void dispatch(InMessage message) {
        LoopOutbox out = loop.outbox();
        if (message instanceof AnnounceRequest announce) {
            if (refuseMembership(announce)) {
                return;
            }
            counters.announces++;
            counters.announced(announce.event());
            loop.shard().handleAnnounce(session, announce, out);
        } else if (message instanceof AnswerRequest answer) {
            counters.answers++;
            loop.shard().handleAnswer(session, answer, out);
        } else if (message instanceof ScrapeRequest scrape) {
            counters.scrapes++;
            loop.shard().handleScrape(session, scrape, out);
        }
    }

    /**
     * An announce, answer or scrape naming an info_hash the access lists refuse gets a failure
     * reason and touches no swarm; it is answered at once, without waiting for a view of the
     * other nodes. It is not garbage: a player whose stream was taken off the
     * lists keeps announcing it, and that must not close its socket (other swarms may be on it).
     */
    private boolean refuseSwarm(InMessage message) {
        InfoHash refused = loop.node().infoHashPolicy().firstRefused(message);
        if (refused == null) {
            return false;
        }
        counters.failures++;
        counters.failuresInfoHashRefused++;
        String action = message instanceof ScrapeRequest ? ErrorResponse.ACTION_SCRAPE : ErrorResponse.ACTION_ANNOUNCE;
        send(loop.codec().encode(new ErrorResponse(action, refused, InfoHashPolicy.NOT_ALLOWED)));
        return true;
    }

    private void reject(ErrorResponse error) {
        reject(error, CloseReason.INVALID_MESSAGES);
    }

    private void reject(ErrorResponse error, CloseReason why) {
        counters.failures++;
        send(loop.codec().encode(error));
        if (++invalidInARow >= settings.maxInvalidMessages()) {
            close(CloseCodes.POLICY_VIOLATION, why == CloseReason.RATE_LIMITED ? "rate limit exceeded"
                    : "too many invalid messages", why);
        }
    }

    /**
     * A message over a rate gets a failure reason (with its action and info_hash, so BTc shows it
     * instead of reconnecting) and counts toward the garbage budget: a client a little over its
     * burst is told and goes on, one that keeps flooding is closed with 1008 after
     * connection.max-invalid-messages refusals in a row.
     */
    private void refuseOverRate(InMessage message, RateKind kind, RateScope scope) {
        counters.countOverRate(kind, scope);
        InfoHash infoHash = message instanceof AnnounceRequest a ? a.infoHash()
                : message instanceof AnswerRequest a ? a.infoHash()
                : ((ScrapeRequest) message).infoHashes().isEmpty() ? null : ((ScrapeRequest) message).infoHashes().get(0);
        String action = kind == RateKind.SCRAPE ? ErrorResponse.ACTION_SCRAPE : ErrorResponse.ACTION_ANNOUNCE;
        reject(new ErrorResponse(action, infoHash, kind.failureReason()), CloseReason.RATE_LIMITED);
    }

    /** An announce that would join one swarm or use one peer_id too many is refused; it is not garbage. */
    private boolean refuseMembership(AnnounceRequest announce) {
        if (announce.event() == Event.STOPPED) {
            return false;
        }
        MembershipLimits limits = loop.node().membershipLimits();
        MembershipLimits.Excess excess = limits.check(session, announce.infoHash(), announce.peerId());
        if (excess == null) {
            return false;
        }
        counters.failures++;
        if (excess == MembershipLimits.Excess.SWARMS) {
            counters.failuresTooManySwarms++;
        } else {
            counters.failuresTooManyPeerIds++;
        }
        send(loop.codec().encode(new ErrorResponse(ErrorResponse.ACTION_ANNOUNCE, announce.infoHash(),
                limits.reason(excess))));
        return true;
    }
}
