package dev.hivecast.tracker.transport;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.internal.http.WebSocketInternal;
import io.vertx.core.net.impl.VertxHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control frames of one WebSocket, handled in its Netty pipeline just ahead of Vert.x: pings
 * are answered within the connection's send budget, close codes are checked, a protocol error is
 * answered with its close frame, and a connection whose close was sent is dropped if the client
 * has not finished the closing handshake within connection.closing-timeout.
 *
 * <p>Why not Vert.x: Vert.x 5.0.7 answers every ping itself, straight to the channel
 * ({@code WebSocketImplBase.handleFrame}), with no look at the send queue: 200,000 pings from a
 * client that never reads queued 200,000 pongs (24 MiB). Here a pong is written only while the
 * send budget (Netty's write buffer water mark, connection.send-queue-size) has room; otherwise
 * the newest ping's pong waits, one at most, and goes once the client reads (RFC 6455 5.5.3 allows
 * answering only the most recent ping). Vert.x also echoes any close code (5000 included) and,
 * on a frame Netty's decoder rejects, closes the channel at once, dropping the close frame it
 * was about to send.
 *
 * <p>Runs on the connection's event loop, as everything of its {@link ConnectionHandler}.
 */
final class ControlFrames extends ChannelDuplexHandler {

    static final String NAME = "hivecast-control-frames";
    /** The largest socket read per turn of the loop, in bytes. */
    private static final int READ_MAX = 16 * 1024;
    private static final Logger log = LoggerFactory.getLogger(ControlFrames.class);
    private static volatile boolean warned;

    /** What the connection learns from here. */
    interface Events {
        /** A ping arrived: the client is alive, though it never reaches the frame handler. */
        void pinged();

        /** The send budget is full (whatever filled it): the slow-consumer clock starts. */
        void budgetExhausted();

        /** The client broke RFC 6455: the connection closes with {@code code}, which sends the close frame. */
        void protocolError(int code, String reason, CloseReason why);
    }

    private final Events events;
    private final LoopCounters counters;
    private final long closingTimeoutNanos;
    private ChannelHandlerContext ctx;
    /** The pong for the newest ping that could not be sent yet, or null. */
    private PongWebSocketFrame heldPong;
    private boolean pongsToFlush;
    private boolean readingPaused;
    private boolean closing;
    private ScheduledFuture<?> closingDeadline;

    ControlFrames(Events events, LoopCounters counters, long closingTimeoutNanos) {
        this.events = events;
        this.counters = counters;
        this.closingTimeoutNanos = closingTimeoutNanos;
    }

    /**
     * Puts a new handler in {@code socket}'s pipeline, just ahead of Vert.x's. Call on the
     * socket's event loop before its first frame is read.
     *
     * @return the handler, or null (logged once) when the pipeline is not as expected: then
     *         Vert.x answers pings and close frames itself, as before
     */
    static ControlFrames install(ServerWebSocket socket, Events events, LoopCounters counters, Duration closingTimeout) {
        ChannelHandlerContext vertx = socket instanceof WebSocketInternal internal
                ? internal.channelHandlerContext().pipeline().context(VertxHandler.class) : null;
        if (vertx == null) {
            if (!warned) {
                warned = true;
                log.warn("No Vert.x handler in a WebSocket's pipeline: pongs are not bounded by the send queue");
            }
            return null;
        }
        ControlFrames frames = new ControlFrames(events, counters, closingTimeout.toNanos());
        vertx.pipeline().addBefore(vertx.name(), NAME, frames);
        // One socket read of at most 16 KiB per turn of the loop instead of Netty's 16 of up to
        // 64 KiB: a client that floods small frames (pings) holds its loop for ~125 of them at a
        // time, not ~8,000, and the loop's other connections get their turn in between
        // (PingFloodIT). A player's message of up to 64 KiB takes a few turns instead of one.
        vertx.channel().config().setRecvByteBufAllocator(
                new AdaptiveRecvByteBufAllocator(64, 2048, READ_MAX).maxMessagesPerRead(1));
        return frames;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof PingWebSocketFrame ping) {
            events.pinged();
            answer(ping);
        } else if (msg instanceof CloseWebSocketFrame close) {
            onClose(ctx, close);
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    private void answer(PingWebSocketFrame ping) {
        if (closing) {
            ping.release(); // no frame may follow a close frame (RFC 6455 5.5.1)
            return;
        }
        PongWebSocketFrame pong = new PongWebSocketFrame(ping.content());
        if (heldPong == null && ctx.channel().isWritable()) {
            ctx.write(pong, ctx.voidPromise());
            pongsToFlush = true;
            return;
        }
        if (heldPong != null) {
            heldPong.release();
            counters.pongsCoalesced++;
        }
        heldPong = pong;
        if (!ctx.channel().isWritable()) {
            events.budgetExhausted();
            pauseReading();
        }
    }

    /**
     * A client that pings while it does not read is not read from until it reads again: each
     * further ping would cost the loop a decode and a pong thrown away, and a flood of them took
     * the loop from its other connections (PingFloodIT: a witness's p99 of 250 ms instead of
     * 30 ms on a loaded machine). TCP's flow control then holds the client's frames on its side.
     * Vert.x may turn reading back on (it pauses and resumes for its own queue); the next ping
     * while the budget is full turns it off again.
     */
    private void pauseReading() {
        if (!readingPaused) {
            readingPaused = true;
            ctx.channel().config().setAutoRead(false);
        }
    }

    /**
     * A close code no endpoint may send (RFC 6455 7.4) is a protocol error: answered with 1002
     * instead of echoed. The client's frame still goes on to Vert.x, which, having sent its own
     * close already, then ends the TCP connection as for any completed closing handshake.
     */
    private void onClose(ChannelHandlerContext ctx, CloseWebSocketFrame close) {
        int code = close.statusCode();
        if (code != -1 && !isValidCloseCode(code)) {
            events.protocolError(CloseCodes.PROTOCOL_ERROR, "invalid close code", CloseReason.PROTOCOL_ERROR);
        }
        closeStarted();
        ctx.fireChannelRead(close);
    }

    /**
     * RFC 6455 7.4.1 and the IANA registry (1012-1014 were registered later, and Netty accepts
     * them too); 1005, 1006 and 1015 name conditions and are never sent; 3000-4999 are for
     * libraries and applications.
     */
    static boolean isValidCloseCode(int code) {
        return code >= 1000 && code <= 1003 || code >= 1007 && code <= 1014 || code >= 3000 && code <= 4999;
    }

    /**
     * Netty's decoder rejected a frame (too big, or against RFC 6455: a data frame inside a
     * fragmented message, a continuation outside one, a bad close frame). Passed on, Vert.x would
     * close the channel at once and the close frame would never leave; instead the connection
     * closes with the decoder's code, sent before the TCP connection goes.
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof CorruptedWebSocketFrameException corrupted) || corrupted.closeStatus() == null) {
            ctx.fireExceptionCaught(cause);
            return;
        }
        int code = corrupted.closeStatus().code();
        CloseReason why = code == CloseCodes.MESSAGE_TOO_BIG ? CloseReason.MESSAGE_TOO_BIG : CloseReason.PROTOCOL_ERROR;
        String reason = code == CloseCodes.MESSAGE_TOO_BIG ? "message too big" : corrupted.closeStatus().reasonText();
        events.protocolError(code, reason, why);
        // Once the close frame is out, half-close: the client reads it and a FIN, and closes its
        // side. Closing at once, with the rest of its frame still arriving, would make the
        // kernel answer with a reset, which can discard the close frame before the client reads
        // it. The decoder drops whatever still comes; connection.closing-timeout bounds the wait.
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> {
            if (ctx.channel() instanceof DuplexChannel duplex) {
                duplex.shutdownOutput();
            } else {
                ctx.close();
            }
        });
    }

    /**
     * A close frame was sent or received: from now on no pong, and the TCP connection goes after
     * connection.closing-timeout at the latest. Vert.x's own closing timer starts only once its
     * close frame is written, which for a client that does not read is never; this one drops the
     * channel, and with it everything still queued for the client.
     */
    void closeStarted() {
        if (closing) {
            return;
        }
        closing = true;
        releaseHeldPong();
        if (ctx != null && closingTimeoutNanos > 0) {
            closingDeadline = ctx.executor().schedule(() -> ctx.channel().close(), closingTimeoutNanos,
                    TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (pongsToFlush) {
            pongsToFlush = false;
            ctx.flush();
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            if (readingPaused) {
                readingPaused = false;
                ctx.channel().config().setAutoRead(true);
            }
            if (heldPong != null && !closing) {
                PongWebSocketFrame pong = heldPong;
                heldPong = null;
                ctx.writeAndFlush(pong, ctx.voidPromise());
            }
        } else {
            events.budgetExhausted();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releaseHeldPong();
        if (closingDeadline != null) {
            closingDeadline.cancel(false);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseHeldPong();
    }

    private void releaseHeldPong() {
        if (heldPong != null) {
            ReferenceCountUtil.release(heldPong);
            heldPong = null;
        }
    }

}
