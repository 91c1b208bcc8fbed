package dev.hivecast.tracker.it.cluster;

import java.util.List;

/** Percentiles of latencies measured in nanoseconds, for the report. */
final class Latencies {

    private Latencies() {
    }

    /** "p50 1.2 ms, p99 8.4 ms, max 9.0 ms (n=1003)", or "none". */
    static String describe(List<Long> nanos) {
        if (nanos.isEmpty()) {
            return "none";
        }
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        return String.format("p50 %.1f ms, p99 %.1f ms, max %.1f ms (n=%d)", ms(percentile(sorted, 0.50)),
                ms(percentile(sorted, 0.99)), ms(sorted[sorted.length - 1]), sorted.length);
    }

    /** Nearest-rank percentile of a sorted array. */
    static long percentile(long[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
