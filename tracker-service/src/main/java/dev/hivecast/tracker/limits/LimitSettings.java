package dev.hivecast.tracker.limits;

import java.time.Duration;
import java.util.Map;

/**
 * What the limits need from the configuration. Counts of 0 mean no limit.
 *
 * @param maxConnections          WebSocket connections this node holds at once
 * @param maxConnectionsPerIp     connections one client IP (an IPv6 /64) holds at once
 * @param trustedProxies          whose forwarding headers name the client
 * @param perConnection           message rates of one connection, by kind
 * @param perIp                   message rates of all connections of one client IP together
 * @param maxSwarmsPerConnection  swarms one connection may be a member of at once
 * @param maxPeerIdsPerConnection distinct peer_ids one connection may use at once
 * @param upgradeTimeout          a connection that has not completed its upgrade request by then is cut
 * @param socketSendBuffer        SO_SNDBUF of each connection in bytes; 0 = the kernel's autotuning
 * @param messageTimeout          longest time from a message's first fragment to its last; zero = no bound
 * @param proxyProtocol           connections start with a PROXY protocol header, believed from trusted proxies only
 * @param proxyProtocolTimeout    a connection whose header is not complete this long after it connected is closed
 */
public record LimitSettings(
        int maxConnections,
        int maxConnectionsPerIp,
        TrustedProxies trustedProxies,
        Map<RateKind, Rate> perConnection,
        Map<RateKind, Rate> perIp,
        int maxSwarmsPerConnection,
        int maxPeerIdsPerConnection,
        Duration upgradeTimeout,
        int socketSendBuffer,
        Duration messageTimeout,
        boolean proxyProtocol,
        Duration proxyProtocolTimeout) {

    public static final LimitSettings NONE = new LimitSettings(0, 0, TrustedProxies.NONE, Map.of(), Map.of(), 0, 0,
            Duration.ZERO, 0, Duration.ZERO, false, Duration.ZERO);

    public Rate perConnection(RateKind kind) {
        return perConnection.getOrDefault(kind, Rate.UNLIMITED);
    }

    public Rate perIp(RateKind kind) {
        return perIp.getOrDefault(kind, Rate.UNLIMITED);
    }

    /** True when something is counted per IP, so per-IP state must be kept. */
    public boolean tracksIps() {
        return maxConnectionsPerIp > 0 || perIp.values().stream().anyMatch(Rate::isLimited);
    }
}
