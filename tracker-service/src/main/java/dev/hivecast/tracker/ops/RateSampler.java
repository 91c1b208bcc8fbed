package dev.hivecast.tracker.ops;

import java.util.ArrayDeque;
import java.util.function.Supplier;

/**
 * Per-second rates over the last few seconds, from totals sampled once a second. Sampled on an
 * event loop and read by the worker that renders /stats, hence the locks.
 */
final class RateSampler {

    record Rates(int windowSeconds, double messagesIn, double messagesOut, double relayed, double announces) {
    }

    private record Sample(long atNanos, long in, long out, long relayed, long announces) {
    }

    private final Supplier<NodeStats> stats;
    private final int windowSeconds;
    private final ArrayDeque<Sample> samples = new ArrayDeque<>();

    RateSampler(Supplier<NodeStats> stats, int windowSeconds) {
        this.stats = stats;
        this.windowSeconds = windowSeconds;
    }

    synchronized void sample() {
        NodeStats s = stats.get();
        samples.addLast(new Sample(System.nanoTime(), s.messagesIn(), s.messagesOut(), s.relayed(), s.announces()));
        while (samples.size() > windowSeconds + 1) {
            samples.removeFirst();
        }
    }

    synchronized Rates rates() {
        if (samples.size() < 2) {
            return new Rates(0, 0, 0, 0, 0);
        }
        Sample first = samples.getFirst();
        Sample last = samples.getLast();
        double seconds = (last.atNanos() - first.atNanos()) / 1e9;
        return new Rates((int) Math.round(seconds),
                (last.in() - first.in()) / seconds,
                (last.out() - first.out()) / seconds,
                (last.relayed() - first.relayed()) / seconds,
                (last.announces() - first.announces()) / seconds);
    }
}
