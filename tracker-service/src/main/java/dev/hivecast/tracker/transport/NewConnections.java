package dev.hivecast.tracker.transport;

import dev.hivecast.tracker.access.UpgradeRefusal;
import io.netty.handler.codec.haproxy.HAProxyProtocolException;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.SocketAddress;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a TCP connection to the public port must get past before its first request: a PROXY
 * header from a trusted proxy (with limits.proxy-protocol) and a whole request within
 * limits.upgrade-timeout. One per signaling loop, used on that loop only.
 */
final class NewConnections {

    private static final Logger log = LoggerFactory.getLogger(NewConnections.class);
    private static final long DEFAULT_UPGRADE_TIMEOUT_MILLIS = 10_000;

    private final Vertx vertx;
    private final Admission admission;
    /**
     * Timers of TCP connections whose first request has not arrived yet, by remote and local
     * address (the handshake exposes no connection). Both, because behind PROXY protocol they are
     * what the header says: the client's ip:port alone may repeat across a proxy's frontends.
     */
    private final Map<String, Long> awaitingRequest = new HashMap<>();

    NewConnections(Vertx vertx, Admission admission) {
        this.vertx = vertx;
        this.admission = admission;
    }

    /**
     * Vert.x bounds a TLS handshake but not the HTTP request after it: a client may send its
     * upgrade request a byte at a time and hold the connection for ever (slowloris). A new TCP
     * connection must therefore deliver a whole request within limits.upgrade-timeout; one that
     * does is a WebSocket (bounded by the idle timeout from then on) or a plain HTTP request.
     */
    void onTcpConnection(HttpConnection connection) {
        if (refusedAsUntrustedProxy(connection)) {
            return;
        }
        String key = timerKey(connection.remoteAddress(), connection.localAddress());
        long upgradeTimeout = admission.limits().upgradeTimeout().toMillis();
        long timer = vertx.setTimer(upgradeTimeout > 0 ? upgradeTimeout : DEFAULT_UPGRADE_TIMEOUT_MILLIS, id -> {
                    if (awaitingRequest.remove(key) != null) {
                        admission.refusals().refused(UpgradeRefusal.UPGRADE_TIMEOUT);
                        connection.close();
                    }
                });
        awaitingRequest.put(key, timer);
        connection.closeHandler(v -> requestArrived(connection.remoteAddress(), connection.localAddress()));
    }

    /** The connection's first request (an upgrade or plain HTTP) is complete: its deadline is off. */
    void requestArrived(SocketAddress remote, SocketAddress local) {
        Long timer = awaitingRequest.remove(timerKey(remote, local));
        if (timer != null) {
            vertx.cancelTimer(timer);
        }
    }

    /** Connection failures, some before a connection exists; Vert.x's own handler logs them at trace. */
    void onConnectionFailure(Throwable failure) {
        if (failure instanceof HAProxyProtocolException) {
            admission.refusals().refused(UpgradeRefusal.PROXY_HEADER_INVALID);
        }
        log.trace("Connection failure", failure);
    }

    /**
     * With limits.proxy-protocol, Vert.x has already made the PROXY header's source the
     * connection's remote address; the TCP peer is left only in remoteAddress(true). A header is
     * believed from a trusted proxy only: anyone else could name any client in it and so dodge
     * the per-IP limits or take over another viewer's peer_id. Closing (rather than falling back
     * to the TCP peer) because on this port every legitimate connection comes through the proxy.
     */
    private boolean refusedAsUntrustedProxy(HttpConnection connection) {
        if (!admission.limits().proxyProtocol()) {
            return false;
        }
        SocketAddress tcpPeer = connection.remoteAddress(true);
        if (admission.isTrustedProxy(tcpPeer == null ? null : tcpPeer.hostAddress())) {
            return false;
        }
        admission.refusals().refused(UpgradeRefusal.PROXY_NOT_TRUSTED);
        connection.close();
        return true;
    }

    private static String timerKey(SocketAddress remote, SocketAddress local) {
        return remote + ">" + local;
    }
}
