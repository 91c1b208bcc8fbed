package dev.hivecast.tracker.limits;

import dev.hivecast.tracker.config.LimitsConfig;

/**
 * What is known of one client IP while it has connections (and a little after, so closing and
 * reopening does not refill its buckets): how many connections it holds, and its shared buckets.
 */
public final class ClientState {

    /** For nodes that count nothing per IP: no state, every message passes. */
    static final ClientState UNTRACKED = new ClientState(null, null);

    private final String key;
    private final SharedRateBucket[] buckets = new SharedRateBucket[RateKind.values().length];
    /** Guarded by the table's per-key compute. */
    int connections;
    volatile long releasedAt;

    /** @param limits null for no buckets at all */
    ClientState(String key, LimitsConfig limits) {
        this.key = key;
        for (RateKind kind : RateKind.values()) {
            Rate r = limits == null ? Rate.UNLIMITED : kind.perIp(limits);
            buckets[kind.ordinal()] = r.isLimited() ? new SharedRateBucket(r.perSecond(), r.burst()) : null;
        }
    }

    String key() {
        return key;
    }

    /** False when this IP's bucket for {@code kind} is empty. */
    public boolean tryTake(RateKind kind, long now) {
        SharedRateBucket b = buckets[kind.ordinal()];
        return b == null || b.tryTake(now);
    }

    boolean bucketsFull(long now) {
        for (SharedRateBucket b : buckets) {
            if (b != null && !b.isFull(now)) {
                return false;
            }
        }
        return true;
    }
}
