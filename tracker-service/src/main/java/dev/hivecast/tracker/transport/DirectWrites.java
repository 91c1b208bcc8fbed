package dev.hivecast.tracker.transport;

import io.netty.channel.ChannelHandlerContext;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.internal.http.WebSocketInternal;
import io.vertx.core.net.impl.VertxConnection;
import io.vertx.core.net.impl.VertxHandler;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives a server WebSocket the event-loop-only write path that Vert.x gives a strict-mode HTTP
 * connection, freeing the 4.1 KB multi-producer write queue every WebSocket otherwise keeps.
 *
 * <p>Why: Vert.x 5.0 honours {@code HttpServerOptions.setStrictThreadMode} for the HTTP connection
 * only; the WebSocket connection that replaces it after the upgrade is always built with a
 * multi-producer queue (a JCTools queue whose first 1024-slot chunk is allocated up front), which
 * is 40 % of an idle peer's live heap (class histogram, 10,000 idle peers: 4,218 of 10,893 B).
 * Every write here already happens on the socket's own event loop, so that queue only ever adds a
 * hop. With the direct path, a write goes straight to Netty's outbound buffer and
 * {@code writeQueueFull()} is Netty's writability, which the send-queue limit already sets.
 *
 * <p>This reaches into Vert.x internals, so it fails soft: if a Vert.x upgrade renames what it
 * touches, the socket keeps Vert.x's own queue, a warning is logged once, and
 * {@code DirectWritesTest} fails the build until this class is brought up to date.
 */
final class DirectWrites {

    private static final Logger log = LoggerFactory.getLogger(DirectWrites.class);
    private static final Field QUEUE;
    private static final Constructor<?> DIRECT_QUEUE;
    private static volatile boolean warned;

    static {
        Field queue = null;
        Constructor<?> direct = null;
        try {
            queue = VertxConnection.class.getDeclaredField("outboundMessageQueue");
            queue.setAccessible(true);
            direct = Class.forName(VertxConnection.class.getName() + "$DirectOutboundMessageQueue")
                    .getDeclaredConstructor(VertxConnection.class);
            direct.setAccessible(true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            warnOnce(e);
            queue = null;
            direct = null;
        }
        QUEUE = queue;
        DIRECT_QUEUE = direct;
    }

    private DirectWrites() {
    }

    /**
     * Switches {@code socket} to direct writes. Call on the socket's event loop before its first
     * write, and only for a socket that is never written from another thread.
     *
     * @return the socket's connection, now writing directly (to write pre-encoded frames to with
     *         {@link VertxConnection#write(Object, boolean)}), or null when the socket keeps
     *         Vert.x's queue and must be written through its own API
     */
    static VertxConnection apply(ServerWebSocket socket) {
        if (QUEUE == null || !(socket instanceof WebSocketInternal internal)) {
            return null;
        }
        try {
            VertxConnection connection = connectionOf(internal.channelHandlerContext());
            if (connection != null) {
                QUEUE.set(connection, DIRECT_QUEUE.newInstance(connection));
            }
            return connection;
        } catch (ReflectiveOperationException | RuntimeException e) {
            warnOnce(e);
            return null;
        }
    }

    /** Whether {@code socket}'s writes take the direct path (for tests). */
    static boolean isDirect(ServerWebSocket socket) throws ReflectiveOperationException {
        VertxConnection connection = connectionOf(((WebSocketInternal) socket).channelHandlerContext());
        return connection != null && QUEUE != null && DIRECT_QUEUE.getDeclaringClass().isInstance(QUEUE.get(connection));
    }

    private static VertxConnection connectionOf(ChannelHandlerContext chctx) {
        VertxHandler<?> handler = chctx.pipeline().get(VertxHandler.class);
        return handler == null ? null : handler.getConnection();
    }

    private static void warnOnce(Throwable e) {
        if (!warned) {
            warned = true;
            log.warn("Vert.x internals differ from what this build expects: every WebSocket keeps "
                    + "Vert.x's own write queue (about 4 KB more heap per peer). Cause: {}", e.toString());
        }
    }
}
