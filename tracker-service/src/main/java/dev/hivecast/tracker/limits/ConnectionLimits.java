package dev.hivecast.tracker.limits;

import dev.hivecast.tracker.access.UpgradeRefusal;
import dev.hivecast.tracker.config.LimitsConfig;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Connections per node and per client IP, decided when the upgrade arrives: a refused client costs
 * one HTTP response and no connection state. An admitted upgrade holds its places until
 * {@link #release}, which the connection's close path calls (or the upgrade's failure).
 */
public final class ConnectionLimits {

    private final int maxConnections;
    private final ClientTable clients;
    private final AtomicInteger open = new AtomicInteger();

    public ConnectionLimits(LimitsConfig limits, ClientTable clients) {
        this.maxConnections = limits.maxConnections();
        this.clients = clients;
    }

    /** Takes a place for one connection from {@code clientKey}, or says why there is none. */
    public UpgradeRefusal admit(String clientKey) {
        if (open.incrementAndGet() > maxConnections && maxConnections > 0) {
            open.decrementAndGet();
            return UpgradeRefusal.MAX_CONNECTIONS;
        }
        if (clients.admit(clientKey) == null) {
            open.decrementAndGet();
            return UpgradeRefusal.MAX_CONNECTIONS_PER_IP;
        }
        return null;
    }

    /** The state of an admitted client (its place keeps it in the table until release). */
    public ClientState stateOf(String clientKey) {
        return clients.stateOf(clientKey);
    }

    /** Gives back the places {@link #admit} took. */
    public void release(ClientState state, long now) {
        open.decrementAndGet();
        clients.release(state, now);
    }

    /** Connections holding a place now. */
    public int open() {
        return open.get();
    }
}
