package dev.hivecast.tracker.transport;

import dev.hivecast.tracker.access.RefusalCounters;
import dev.hivecast.tracker.access.UpgradeGate;
import dev.hivecast.tracker.access.UpgradeRefusal;
import dev.hivecast.tracker.access.UpgradeRequest;
import dev.hivecast.tracker.config.AccessConfig;
import dev.hivecast.tracker.config.LimitsConfig;
import dev.hivecast.tracker.limits.ClientAddresses;
import dev.hivecast.tracker.limits.ClientState;
import dev.hivecast.tracker.limits.ClientTable;
import dev.hivecast.tracker.limits.ConnectionLimits;
import dev.hivecast.tracker.net.IpAddresses;
import dev.hivecast.tracker.limits.MessageRates;
import dev.hivecast.tracker.net.AddressBlocks;
import io.vertx.core.MultiMap;
import io.vertx.core.http.ServerWebSocketHandshake;
import java.net.InetAddress;

/**
 * Who may open a connection, node-wide: the upgrade gate (Origin, signed URLs), then the
 * connection limits per node and per client IP, and who the client is behind a trusted proxy.
 * Shared by every loop; a connection's places are given back when its channel closes.
 */
public final class Admission {

    private final LimitsConfig limits;
    private final UpgradeGate gate;
    private final RefusalCounters refusals;
    private final ClientTable clients;
    private final ConnectionLimits connectionLimits;
    private final ClientAddresses clientAddresses;

    public Admission(LimitsConfig limits, UpgradeGate gate, RefusalCounters refusals) {
        this.limits = limits;
        this.gate = gate;
        this.refusals = refusals;
        this.clients = new ClientTable(limits);
        this.connectionLimits = new ConnectionLimits(limits, clients);
        this.clientAddresses = new ClientAddresses(AddressBlocks.parse(AccessConfig.commaList(limits.trustedProxies())));
    }

    /**
     * Takes a new TCP connection's places, counted from its first byte: one among the node's,
     * and one among its peer's unless the peer is a trusted proxy (the client it forwards for is
     * only named at the upgrade, and the proxy's own address must never fill a per-IP limit).
     *
     * @param peer the TCP peer, or the PROXY header's source with limits.proxy-protocol
     */
    ConnectionPlaces accept(String peer) {
        UpgradeRefusal refusal = connectionLimits.admitToNode();
        if (refusal != null) {
            refusals.refused(refusal);
            return new ConnectionPlaces(connectionLimits, refusal, null);
        }
        if (clientAddresses.isTrustedProxy(peer)) {
            return new ConnectionPlaces(connectionLimits, null, null);
        }
        ClientState ip = connectionLimits.admitIp(clientKey(peer));
        if (ip == null) {
            connectionLimits.releaseNodePlace();
            refusals.refused(UpgradeRefusal.MAX_CONNECTIONS_PER_IP);
            return new ConnectionPlaces(connectionLimits, UpgradeRefusal.MAX_CONNECTIONS_PER_IP, null);
        }
        return new ConnectionPlaces(connectionLimits, null, ip);
    }

    /**
     * The client's address when the upgrade may go on, else null: the refusal is counted and the
     * handshake rejected with its status. The connection's places were taken at its accept, but
     * for the IP place of a client named by a trusted proxy, which is taken here.
     */
    String admit(ServerWebSocketHandshake handshake, ConnectionPlaces places) {
        String client = clientAddress(handshake.remoteAddress() == null ? null : handshake.remoteAddress().hostAddress(),
                handshake.headers());
        UpgradeRefusal refusal = gate.check(new UpgradeRequest(handshake.path(), handshake.query(),
                handshake.headers().get("Origin"), client));
        if (refusal == null && !places.holdsIpPlace()) {
            // Last, because it takes a place that a refusal by another rule would have to give back.
            ClientState ip = connectionLimits.admitIp(clientKey(client));
            if (ip == null) {
                refusal = UpgradeRefusal.MAX_CONNECTIONS_PER_IP;
            } else {
                places.ipPlaceTaken(ip);
            }
        }
        if (refusal != null) {
            refusals.refused(refusal);
            handshake.reject(refusal.httpStatus());
            return null;
        }
        return client;
    }

    /** The rates an admitted client's new connection passes (its IP's shared buckets included). */
    MessageRates ratesFor(String client) {
        return new MessageRates(limits, connectionLimits.stateOf(clientKey(client)));
    }

    /** Per-IP state; its sweep forgets idle IPs, and the metrics count what it tracks. */
    public ClientTable clients() {
        return clients;
    }

    public RefusalCounters refusals() {
        return refusals;
    }

    LimitsConfig limits() {
        return limits;
    }

    boolean isTrustedProxy(String tcpPeer) {
        return clientAddresses.isTrustedProxy(tcpPeer);
    }

    /** The client's address: the socket's peer, or who a trusted proxy says it forwards for. */
    private String clientAddress(String peer, MultiMap headers) {
        return clientAddresses.clientOf(peer, headers.get("Forwarded"), headers.get("X-Forwarded-For"));
    }

    /** What per-IP limits count under (an IPv6 /64); the text itself if it is no IP literal. */
    private static String clientKey(String client) {
        InetAddress address = client == null ? null : IpAddresses.parse(client);
        return address == null ? client : IpAddresses.clientKey(address);
    }
}
