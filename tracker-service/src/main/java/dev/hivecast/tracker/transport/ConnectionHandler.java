package dev.hivecast.tracker.transport;

import dev.hivecast.protocol.AnswerMessage;
import dev.hivecast.protocol.ErrorResponse;
import dev.hivecast.protocol.OfferMessage;
import dev.hivecast.protocol.OutMessage;
import dev.hivecast.protocol.RelayParts;
import dev.hivecast.protocol.TrackerCodec;
import dev.hivecast.tracker.config.ConnectionConfig;
import dev.hivecast.tracker.insight.AnnouncedBytes;
import dev.hivecast.tracker.limits.MessageRates;
import dev.hivecast.tracker.swarm.Connection;
import dev.hivecast.tracker.swarm.MessageWriter;
import dev.hivecast.tracker.swarm.Outcome;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import io.vertx.core.net.impl.VertxConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's WebSocket: reassembles its messages and hands each to the loop's
 * {@link RequestPipeline}, writes what is sent to it, and keeps it healthy (message size, garbage
 * in a row, a send queue that stays full, silence). Everything here runs on its loop.
 */
final class ConnectionHandler implements MessageWriter, ControlFrames.Events {

    private static final Logger log = LoggerFactory.getLogger(ConnectionHandler.class);
    private static final Buffer EMPTY = Buffer.buffer(0);

    private final ServerWebSocket socket;
    private final SignalingLoop loop;
    private final Connection connection;
    private final ConnectionConfig settings;
    private final long messageTimeout;
    private final TrackerCodec codec;
    private final RequestPipeline pipeline;
    private final LoopCounters counters;
    private final SignalingTimings timings;
    private final MessageRates rates;
    /** The socket's connection when it writes directly (pre-encoded frames), else null. */
    private VertxConnection direct;
    /** Pings, close codes and protocol errors, in the socket's pipeline; null if it could not be added. */
    private ControlFrames controlFrames;
    private Buffer partial;
    /** When the first fragment of {@link #partial} arrived. */
    private long partialSince;
    private int invalidInARow;
    private long lastReceived;
    private long lastPing;
    private long queueFullSince = -1;
    private boolean closing;
    /** What this connection's announces said they uploaded and downloaded; the pipeline's, on this loop. */
    AnnouncedBytes.Totals announcedTotals;

    /** @param clientAddress the client's IP: the socket's peer, or what a trusted proxy forwarded */
    ConnectionHandler(ServerWebSocket socket, SignalingLoop loop, long connectionId, long now, String clientAddress,
                      MessageRates rates) {
        this.socket = socket;
        this.loop = loop;
        this.settings = loop.connectionSettings();
        this.messageTimeout = loop.messageTimeout().toNanos();
        this.codec = loop.codec();
        this.pipeline = loop.pipeline();
        this.counters = loop.counters();
        this.timings = loop.timings();
        this.rates = rates;
        this.connection = new Connection(connectionId, clientAddress, loop.loopIndex(), loop.maxPendingOffers(), this,
                loop.localityOf(clientAddress));
        this.lastReceived = now;
        this.lastPing = now;
    }

    /** What the swarm logic knows of this connection. */
    Connection connection() {
        return connection;
    }

    MessageRates rates() {
        return rates;
    }

    void start() {
        direct = DirectWrites.apply(socket);
        controlFrames = ControlFrames.install(socket, this, counters, settings.closingTimeout());
        socket.setWriteQueueMaxSize(settings.sendQueueSize());
        socket.frameHandler(this::onFrame);
        socket.drainHandler(v -> queueFullSince = -1);
        socket.exceptionHandler(this::onException);
        socket.closeHandler(v -> loop.onClosed(this));
    }

    /** Relays go out in pieces, straight into their frame (RelayParts); replies as one array. */
    @Override
    public boolean write(OutMessage message) {
        if (message instanceof OfferMessage offer) {
            return send(codec.encodeRelay(offer));
        }
        if (message instanceof AnswerMessage answer) {
            return send(codec.encodeRelay(answer));
        }
        return send(codec.encode(message));
    }

    /** Writes one encoded message; false when it was dropped (closed, or send queue full). */
    private boolean send(byte[] message) {
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
    private boolean send(RelayParts relay) {
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
            budgetExhausted();
            return false;
        }
        return true;
    }

    /** Whatever filled the send budget (messages, pongs), the slow-consumer clock runs from now. */
    @Override
    public void budgetExhausted() {
        if (queueFullSince < 0) {
            queueFullSince = System.nanoTime();
        }
    }

    @Override
    public void pinged() {
        lastReceived = System.nanoTime();
    }

    @Override
    public void protocolError(int code, String reason, CloseReason why) {
        close((short) code, reason, why);
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

    /** A message refused with a failure reason that is not garbage: counted, answered, nothing more. */
    void refuse(ErrorResponse error, Outcome outcome) {
        counters.count(outcome);
        send(codec.encode(error));
    }

    /**
     * A message refused that counts toward the garbage budget: after
     * connection.max-invalid-messages of them in a row the connection is closed with 1008.
     */
    void reject(ErrorResponse error, Outcome outcome, CloseReason why) {
        refuse(error, outcome);
        if (++invalidInARow >= settings.maxInvalidMessages()) {
            close(CloseCodes.POLICY_VIOLATION, why == CloseReason.RATE_LIMITED ? "rate limit exceeded"
                    : "too many invalid messages", why);
        }
    }

    /** A message passed the rates: the run of garbage, if any, is over. */
    void validMessage() {
        invalidInARow = 0;
    }

    /** Stops reading while a message waits (for a view of the other nodes): the next ones keep their turn. */
    void pause() {
        socket.pause();
    }

    void resume() {
        socket.resume();
    }

    /** Called by the loop's health timer: ping the silent, close the dead and the stuck. */
    void checkHealth(long now) {
        if (closing) {
            return;
        }
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
            if (!socket.writeQueueFull()) { // a client that does not read would not see it either
                socket.writePing(EMPTY);
            }
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
            if (controlFrames != null) {
                controlFrames.closeStarted();
            }
        }
    }

    /** True once the server decided to close this connection (any reason but the client's). */
    boolean closedByServer() {
        return closing;
    }

    /**
     * Netty rejects a frame over the size limit, or one that breaks RFC 6455, before it reaches
     * {@link #onFrame}; {@link ControlFrames} answers those with their close code. This is the
     * fallback when it could not be installed: Vert.x then drops the TCP connection at once, and
     * the close frame may not leave (docs/protocol.md#a4: 1009 for a message too big).
     */
    private void onException(Throwable e) {
        log.debug("connection {}: {}", connection.id(), e.toString());
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
            default -> { } // pong, close (pings stop at ControlFrames): only proof of life
        }
    }

    private void startMessage(WebSocketFrame frame) {
        if (partial != null) {
            close(CloseCodes.PROTOCOL_ERROR, "new message inside a fragmented one", CloseReason.PROTOCOL_ERROR);
            return;
        }
        Buffer data = frame.binaryData();
        if (frame.isFinal()) {
            onMessage(data);
        } else {
            // Capped at the largest message: what a client's fragments can make the tracker hold
            // is that, never the next power of two above it (docs/security.md).
            partial = BufferInternal.buffer(Unpooled.buffer(Math.min(settings.maxMessageSize(), 2 * data.length()),
                    settings.maxMessageSize())).appendBuffer(data);
            partialSince = lastReceived;
            checkSize(partial.length());
        }
    }

    private void continueMessage(WebSocketFrame frame) {
        if (partial == null) {
            close(CloseCodes.PROTOCOL_ERROR, "continuation without a message", CloseReason.PROTOCOL_ERROR);
            return;
        }
        Buffer data = frame.binaryData();
        if (checkSize(partial.length() + data.length())) {
            partial.appendBuffer(data);
        } else {
            return;
        }
        if (frame.isFinal()) {
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
            SignalingTimings.MessageKind kind = pipeline.handle(this, bytes);
            timings.messageHandled(kind, System.nanoTime() - started);
        } else {
            pipeline.handle(this, bytes);
        }
    }
}
