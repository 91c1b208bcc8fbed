package dev.hivecast.tracker.transport;

import dev.hivecast.tracker.access.UpgradeRefusal;
import io.netty.channel.Channel;
import io.netty.handler.codec.haproxy.HAProxyProtocolException;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.SocketAddress;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a TCP connection to the public port gets when it is accepted: refused if a PROXY header
 * came from an untrusted peer (with limits.proxy-protocol), its places in the connection limits
 * from the first byte, and an {@link HttpGuard} that bounds its requests until it becomes a
 * WebSocket. One per signaling loop, used on that loop only.
 */
final class NewConnections {

    private static final Logger log = LoggerFactory.getLogger(NewConnections.class);

    private final Admission admission;
    private final HttpServerOptions options;
    /**
     * Places of open connections, by remote and local address: the handshake exposes no
     * connection. Both, because behind PROXY protocol they are what the header says: the
     * client's ip:port alone may repeat across a proxy's frontends.
     */
    private final Map<String, ConnectionPlaces> places = new HashMap<>();

    NewConnections(Admission admission, HttpServerOptions options) {
        this.admission = admission;
        this.options = options;
    }

    void onTcpConnection(HttpConnection connection) {
        if (refusedAsUntrustedProxy(connection)) {
            return;
        }
        SocketAddress remote = connection.remoteAddress();
        ConnectionPlaces taken = admission.accept(remote == null ? null : remote.hostAddress());
        HttpGuard guard = new HttpGuard(taken.refusal(), admission.limits().requestTimeout().toMillis(),
                admission.limits().maxPipelinedRequests(), admission.refusals());
        if (!HttpPipelines.guard(connection, options, guard)) {
            taken.release();
            return;
        }
        Channel channel = HttpPipelines.channelOf(connection);
        String key = key(remote, connection.localAddress());
        places.put(key, taken);
        // The channel's close, not the WebSocket's: the places are the TCP connection's.
        channel.closeFuture().addListener(f -> {
            taken.release();
            places.remove(key, taken);
        });
    }

    /** The places of the connection a handshake arrived on, or null if it is closed already. */
    ConnectionPlaces placesOf(SocketAddress remote, SocketAddress local) {
        return places.get(key(remote, local));
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

    private static String key(SocketAddress remote, SocketAddress local) {
        return remote + ">" + local;
    }
}
