package dev.hivecast.tracker.limits;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The same bucket as {@link RateBucket}, shared by the connections of one client IP, which may sit
 * on different event loops: one compare-and-set per message, contended only by that IP's own
 * connections (never a lock, never shared between two IPs).
 */
public final class SharedRateBucket {

    private final RateBucket rule;
    private final AtomicLong fullAt = new AtomicLong(Long.MIN_VALUE / 2);

    public SharedRateBucket(int ratePerSecond, int burst) {
        this.rule = new RateBucket(ratePerSecond, burst);
    }

    public boolean tryTake(long now) {
        while (true) {
            long current = fullAt.get();
            long next = rule.next(current, now);
            if (next == RateBucket.REFUSED) {
                return false;
            }
            if (fullAt.compareAndSet(current, next)) {
                return true;
            }
        }
    }

    /** True when the bucket is full again at {@code now}: forgetting it changes nothing. */
    boolean isFull(long now) {
        return fullAt.get() <= now;
    }
}
