package dev.hivecast.tracker.limits;

import dev.hivecast.tracker.config.LimitsConfig;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-IP state shared by every event loop. A connection looks its IP up once, when it opens, and
 * keeps the reference, so messages never touch the map. Entries live while their IP has
 * connections; after the last one closes, an entry stays only until its buckets are full again
 * (reconnecting must not reset a rate), and {@link #sweep} removes it then. So the table holds at
 * most the IPs with open connections plus those that closed within one refill time.
 */
public final class ClientTable {

    private final LimitsConfig limits;
    /** False when nothing is counted per IP: then no state is kept at all. */
    private final boolean tracksIps;
    private final ConcurrentHashMap<String, ClientState> clients = new ConcurrentHashMap<>();

    public ClientTable(LimitsConfig limits) {
        this.limits = limits;
        boolean anyRate = false;
        for (RateKind kind : RateKind.values()) {
            anyRate |= kind.perIp(limits).isLimited();
        }
        this.tracksIps = limits.maxConnectionsPerIp() > 0 || anyRate;
    }

    /**
     * Counts one more connection from {@code key}; null (and nothing counted) when the IP already
     * holds {@code limits.max-connections-per-ip}. Without per-IP limits, no state is kept.
     */
    public ClientState admit(String key) {
        if (!tracksIps || key == null) {
            return ClientState.UNTRACKED;
        }
        int max = limits.maxConnectionsPerIp();
        boolean[] refused = new boolean[1];
        ClientState state = clients.compute(key, (k, s) -> {
            ClientState c = s == null ? new ClientState(k, limits) : s;
            if (max > 0 && c.connections >= max) {
                refused[0] = true;
            } else {
                c.connections++;
            }
            return c;
        });
        return refused[0] ? null : state;
    }

    /** The state of a client that holds at least one admitted connection. */
    public ClientState stateOf(String key) {
        if (!tracksIps || key == null) {
            return ClientState.UNTRACKED;
        }
        ClientState state = clients.get(key);
        return state == null ? ClientState.UNTRACKED : state;
    }

    /** One connection of that IP closed. */
    public void release(ClientState state, long now) {
        if (state == ClientState.UNTRACKED) {
            return;
        }
        clients.computeIfPresent(state.key(), (k, c) -> {
            c.connections--;
            c.releasedAt = now;
            return c;
        });
    }

    /** Forgets IPs with no connection whose buckets have refilled. Any thread. */
    public int sweep(long now) {
        int before = clients.size();
        for (String key : clients.keySet()) {
            clients.computeIfPresent(key, (k, c) -> c.connections <= 0 && c.bucketsFull(now) ? null : c);
        }
        return before - clients.size();
    }

    /** IPs currently tracked. */
    public int size() {
        return clients.size();
    }
}
