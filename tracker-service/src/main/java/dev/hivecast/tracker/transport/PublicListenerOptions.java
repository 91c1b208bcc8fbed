package dev.hivecast.tracker.transport;

import dev.hivecast.tracker.config.ConnectionConfig;
import dev.hivecast.tracker.config.LimitsConfig;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import java.util.concurrent.TimeUnit;

/** The options of the public listener, the one players connect to (the admin listener has its own). */
final class PublicListenerOptions {

    private PublicListenerOptions() {
    }

    /** @param tls the certificate and key, or null for plain ws:// */
    static HttpServerOptions of(ConnectionConfig t, LimitsConfig limits, PemKeyCertOptions tls) {
        HttpServerOptions options = new HttpServerOptions()
                .setMaxWebSocketFrameSize(t.maxMessageSize())
                .setMaxWebSocketMessageSize(t.maxMessageSize())
                // Decline permessage-deflate, as the reference does: offers are small and
                // compressing each one costs more CPU than the bytes are worth here.
                .setPerMessageWebSocketCompressionSupported(false)
                .setPerFrameWebSocketCompressionSupported(false)
                .setTcpNoDelay(true)
                // Vert.x upgrades plain connections to HTTP/2 when a client asks (h2c). Nothing
                // here needs it (WebSockets and a few GETs are HTTP/1.1), and every protocol a
                // public port speaks is attack surface, so it speaks HTTP/1.1 only.
                .setHttp2ClearTextEnabled(false)
                // Every use of a connection is already on its own event loop (other loops and
                // nodes hand work over with runOnContext): say so, and Vert.x gives each socket
                // single-threaded write queues. Measured: 15.7 -> 10.9 KB of live heap per idle peer.
                .setStrictThreadMode(true);
        if (limits.socketSendBuffer() > 0) {
            options.setSendBufferSize(limits.socketSendBuffer());
        }
        if (limits.proxyProtocol()) {
            // Vert.x reads the header before TLS and HTTP and then reports its source address as
            // the connection's remote address; the TCP peer stays in remoteAddress(true), which
            // NewConnections checks against the trusted proxies. Without the timeout a
            // connection that never sends a header would be held for ever. It is an idle timer,
            // but placed behind the header decoder, which passes nothing on until the header is
            // whole: dribbled bytes do not restart it (ProxyProtocolIT checks that).
            options.setUseProxyProtocol(true)
                    .setProxyProtocolTimeout(limits.proxyProtocolTimeout().toMillis())
                    .setProxyProtocolTimeoutUnit(TimeUnit.MILLISECONDS);
        }
        if (tls != null) {
            options.setSsl(true).setKeyCertOptions(tls);
        }
        return options;
    }
}
