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
 * Shared by every loop; a connection's places are given back by {@link #release}.
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
     * The client's address when the upgrade may go on (its places are taken), else null: the
     * refusal is counted and the handshake rejected with its status.
     */
    String admit(ServerWebSocketHandshake handshake) {
        String client = clientAddress(handshake.remoteAddress() == null ? null : handshake.remoteAddress().hostAddress(),
                handshake.headers());
        UpgradeRefusal refusal = gate.check(new UpgradeRequest(handshake.path(), handshake.query(),
                handshake.headers().get("Origin"), client));
        if (refusal == null) {
            // Last, because it takes places that a refusal by another rule would have to give back.
            refusal = connectionLimits.admit(clientKey(client));
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

    /** Gives back an admitted upgrade's places when it failed before becoming a connection. */
    void upgradeFailed(String client) {
        connectionLimits.release(connectionLimits.stateOf(clientKey(client)), System.nanoTime());
    }

    /** Gives back a closed connection's places. */
    void release(ClientState client) {
        connectionLimits.release(client, System.nanoTime());
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
        InetAddress address = IpAddresses.parse(client);
        return address == null ? client : IpAddresses.clientKey(address);
    }
}
