package dev.hivecast.tracker.limits;

/**
 * A token bucket of {@code burst} tokens refilled at {@code ratePerSecond}, kept as one number:
 * the time at which the bucket would be full again (the "theoretical arrival time" of GCRA, which
 * is the same rule as a token bucket). One long per bucket makes the shared variant a single
 * compare-and-set and the per-connection variant two arithmetic operations, with no refill timer.
 */
public final class RateBucket {

    /** Nanoseconds one token takes to come back. */
    private final long tokenNanos;
    /** How far ahead of now the full-again time may run: the burst less the token being taken. */
    private final long tolerance;
    private long fullAt = Long.MIN_VALUE / 2;

    /** {@code ratePerSecond} at least 1, {@code burst} at least 1. */
    public RateBucket(int ratePerSecond, int burst) {
        this.tokenNanos = 1_000_000_000L / ratePerSecond;
        this.tolerance = tokenNanos * (long) (burst - 1);
    }

    /** Takes one token at {@code now} (nanoseconds, monotonic); false when the bucket is empty. */
    public boolean tryTake(long now) {
        long next = next(fullAt, now);
        if (next == REFUSED) {
            return false;
        }
        fullAt = next;
        return true;
    }

    static final long REFUSED = Long.MIN_VALUE;

    /** The new full-again time after taking a token at {@code now}, or {@link #REFUSED}. */
    long next(long current, long now) {
        long base = Math.max(current, now);
        if (base - now > tolerance) {
            return REFUSED;
        }
        return base + tokenNanos;
    }

    long tokenNanos() {
        return tokenNanos;
    }
}
