package dev.hivecast.tracker.swarm;

import java.util.random.RandomGenerator;

/**
 * Splits offers over destinations (event loops, nodes) that hold {@code room[i]} candidate
 * members each. Every offer goes to a destination with probability proportional to the members
 * it still has without an offer; with a uniform pick inside each destination, that is a uniform
 * pick of distinct members over all of them, with no list of the members in one place.
 */
final class OfferSplit {

    private OfferSplit() {
    }

    /**
     * Adds to {@code given[i]} how many of {@code offers} go to destination {@code i}, taking them
     * from {@code room[i]} (which is decremented). Returns how many offers were placed: fewer than
     * asked only when the rooms run out.
     */
    static int split(int offers, int[] room, int[] given, RandomGenerator random) {
        long total = 0;
        for (int r : room) {
            total += r;
        }
        int placed = 0;
        for (; placed < offers && total > 0; placed++) {
            long ticket = random.nextLong(total);
            int i = 0;
            while (ticket >= room[i]) {
                ticket -= room[i];
                i++;
            }
            room[i]--;
            given[i]++;
            total--;
        }
        return placed;
    }
}
