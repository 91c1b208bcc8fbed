package dev.hivecast.tracker.limits;

import dev.hivecast.tracker.access.UpgradeRefusal;
import dev.hivecast.tracker.config.LimitsConfig;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Connections per node and per client IP. A TCP connection takes its node place when accepted
 * and its IP place then too, unless its peer is a trusted proxy: the client it forwards for is
 * only named in the upgrade's headers, so that place is taken at the upgrade. A refused client
 * costs one HTTP response and no connection state; the places are given back when the TCP
 * connection closes, whatever it had become.
 */
public final class ConnectionLimits {

    private final int maxConnections;
    private final ClientTable clients;
    private final AtomicInteger open = new AtomicInteger();

    public ConnectionLimits(LimitsConfig limits, ClientTable clients) {
        this.maxConnections = limits.maxConnections();
        this.clients = clients;
    }

    /** Takes both places for one connection from {@code clientKey}, or says why there is none. */
    public UpgradeRefusal admit(String clientKey) {
        UpgradeRefusal refusal = admitToNode();
        if (refusal == null && admitIp(clientKey) == null) {
            releaseNodePlace();
            return UpgradeRefusal.MAX_CONNECTIONS_PER_IP;
        }
        return refusal;
    }

    /** Takes a place among the node's connections, or says it is full. */
    public UpgradeRefusal admitToNode() {
        if (open.incrementAndGet() > maxConnections && maxConnections > 0) {
            open.decrementAndGet();
            return UpgradeRefusal.MAX_CONNECTIONS;
        }
        return null;
    }

    /** Takes a place among {@code clientKey}'s connections: its state, or null when it has none left. */
    public ClientState admitIp(String clientKey) {
        return clients.admit(clientKey);
    }

    /** The state of an admitted client (its place keeps it in the table until release). */
    public ClientState stateOf(String clientKey) {
        return clients.stateOf(clientKey);
    }

    /** Gives back the places {@link #admit} took. */
    public void release(ClientState state, long now) {
        releaseNodePlace();
        releaseIp(state, now);
    }

    /** Gives back a place {@link #admitToNode} took. */
    public void releaseNodePlace() {
        open.decrementAndGet();
    }

    /** Gives back a place {@link #admitIp} took. */
    public void releaseIp(ClientState state, long now) {
        clients.release(state, now);
    }

    /** Connections holding a place now. */
    public int open() {
        return open.get();
    }
}
