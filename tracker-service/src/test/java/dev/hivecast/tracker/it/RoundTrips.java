package dev.hivecast.tracker.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Round trips a player timed on its own thread, read by the test's thread: how many, and their p99. */
final class RoundTrips {

    private final List<Long> nanos = Collections.synchronizedList(new ArrayList<>());

    void add(long roundTripNanos) {
        nanos.add(roundTripNanos);
    }

    int count() {
        return nanos.size();
    }

    /** The 99th percentile by nearest rank: with fewer than 100 round trips, the slowest. */
    Duration p99() {
        List<Long> sorted;
        synchronized (nanos) {
            sorted = new ArrayList<>(nanos);
        }
        Collections.sort(sorted);
        return Duration.ofNanos(sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(sorted.size() * 0.99) - 1)));
    }
}
