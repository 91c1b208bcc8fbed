package dev.hivecast.tracker.transport;

import dev.hivecast.tracker.access.UpgradeRefusal;
import dev.hivecast.tracker.limits.ClientState;
import dev.hivecast.tracker.limits.ConnectionLimits;

/**
 * The places one TCP connection to the public port holds in the connection limits, from its
 * accept to its close: one among the node's, and one among its client IP's once that client is
 * known (at the accept, or at the upgrade behind a trusted proxy). Used on the connection's loop.
 */
final class ConnectionPlaces {

    private final ConnectionLimits limits;
    private final UpgradeRefusal refusal;
    private ClientState ip;
    private boolean released;

    /**
     * @param refusal why the connection got no place (its first request is answered with that
     *                status), or null when it holds its node place
     * @param ip      its IP place, or null while the client is not known yet (or on refusal)
     */
    ConnectionPlaces(ConnectionLimits limits, UpgradeRefusal refusal, ClientState ip) {
        this.limits = limits;
        this.refusal = refusal;
        this.ip = ip;
    }

    /** Why the connection was refused at its accept; null when it was not. */
    UpgradeRefusal refusal() {
        return refusal;
    }

    /** True once an IP place is held (taken at the accept, or at the upgrade). */
    boolean holdsIpPlace() {
        return ip != null;
    }

    /** Records the IP place taken at the upgrade; released with the rest. */
    void ipPlaceTaken(ClientState state) {
        ip = state;
    }

    /** Gives every place back; called once the channel is closed, more calls do nothing. */
    void release() {
        if (released || refusal != null) {
            return;
        }
        released = true;
        limits.releaseNodePlace();
        if (ip != null) {
            limits.releaseIp(ip, System.nanoTime());
        }
    }
}
