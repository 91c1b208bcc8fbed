package dev.hivecast.tracker.transport;

import dev.hivecast.tracker.config.ConnectionConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Checks one loop's connections for health in rounds, a slice per tick. Every connection silent
 * for a ping interval is pinged when its turn comes, so checking them all at once would send about
 * connections x round / ping-interval pings in one burst, with messages queued behind it: at
 * 19,000 peers (scenario d) that was ~800 pings per loop every 2.5 s. In slices, each connection
 * is still checked once a round and the bursts are {@link #SLICES} times smaller.
 */
final class HealthRounds {

    private static final int SLICES = 10;

    private final Set<ConnectionHandler> connections;
    private final long tickMillis;
    private List<ConnectionHandler> round = List.of();
    private int next;

    /** @param connections the loop's open connections, read on its thread only */
    HealthRounds(Set<ConnectionHandler> connections, ConnectionConfig t, Duration messageTimeout) {
        this.connections = connections;
        this.tickMillis = Math.max(1, roundMillis(t, messageTimeout) / SLICES);
    }

    long tickMillis() {
        return tickMillis;
    }

    /** Checks the next slice of the current round's connections. */
    void tick() {
        if (next >= round.size()) {
            round = new ArrayList<>(connections);
            next = 0;
        }
        int end = Math.min(round.size(), next + (round.size() + SLICES - 1) / SLICES);
        long now = System.nanoTime();
        for (; next < end; next++) {
            ConnectionHandler c = round.get(next);
            if (connections.contains(c)) { // not closed since the round began
                c.checkHealth(now);
            }
        }
    }

    /** A quarter of the shortest timeout the health check enforces, between 0.1 and 5 s. */
    private static long roundMillis(ConnectionConfig t, Duration messageTimeout) {
        long shortest = Math.min(t.pingInterval().toMillis(), Math.min(t.idleTimeout().toMillis(),
                t.slowConsumerTimeout().toMillis()));
        if (messageTimeout.toMillis() > 0) {
            shortest = Math.min(shortest, messageTimeout.toMillis());
        }
        return Math.max(100, Math.min(5_000, shortest / 4));
    }
}
