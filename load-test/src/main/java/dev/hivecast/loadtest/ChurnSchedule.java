package dev.hivecast.loadtest;

import java.util.SplittableRandom;

/**
 * When viewers leave and storms strike, and whom they hit, as a pure function of the time since
 * the audience was complete and the seed, so a schedule is the same on every run and testable
 * without sockets. Leaves are paced like the ramp (the k-th leave is due at k / rate seconds);
 * storm n is due at n * interval seconds.
 */
final class ChurnSchedule {

    /**
     * Joiners' peer numbers: generation g of slot peer p is p + g * this. Generators number their
     * peers below 100,000,000 + 19,000 ({@link LoadOptions}), so joiners never take another
     * process's or another slot's peer_id; 12 base62 digits hold far more generations than any
     * bounded run makes.
     */
    static final long GENERATION_STRIDE = 1_000_000_000L;

    private final ChurnOptions churn;
    private final int peers;
    private final SplittableRandom random;

    ChurnSchedule(ChurnOptions churn, int peers, long seed) {
        this.churn = churn;
        this.peers = peers;
        this.random = new SplittableRandom(seed ^ 0x5EEDC4A7L);
    }

    /** Leaves due in total {@code elapsedSeconds} after the audience was complete. */
    long leavesDue(double elapsedSeconds) {
        return churn.churns() ? (long) Math.floor(Math.max(0, elapsedSeconds) * churn.perSecond()) : 0;
    }

    /** Storms due in total by then: the first one interval after the audience was complete. */
    int stormsDue(double elapsedSeconds) {
        return churn.storms() ? (int) Math.floor(Math.max(0, elapsedSeconds) / churn.stormIntervalSeconds()) : 0;
    }

    /** The slot whose viewer leaves next. */
    int nextLeaver() {
        return random.nextInt(peers);
    }

    /**
     * Leave {@code k} sends {@code stopped} before closing when k is even and just closes when it
     * is odd: players do both (a tab closed mid-stream sends nothing).
     */
    static boolean leavesWithStopped(long k) {
        return k % 2 == 0;
    }

    /** The distinct slots the next storm drops: its share of the audience, at least one. */
    int[] nextStormVictims() {
        int count = (int) Math.max(1, Math.min(peers, Math.round(churn.stormShare() * peers)));
        int[] slots = new int[peers];
        for (int i = 0; i < peers; i++) {
            slots[i] = i;
        }
        // A partial Fisher-Yates shuffle: the first count entries are a uniform sample.
        for (int i = 0; i < count; i++) {
            int j = i + random.nextInt(peers - i);
            int t = slots[i];
            slots[i] = slots[j];
            slots[j] = t;
        }
        int[] victims = new int[count];
        System.arraycopy(slots, 0, victims, 0, count);
        return victims;
    }

    /** How long a dropped viewer waits before reconnecting, in ms. */
    long reconnectDelayMillis() {
        return churn.reconnectSpreadSeconds() == 0 ? 0 : random.nextLong(churn.reconnectSpreadSeconds() * 1000L + 1);
    }

    static long joinerPeer(long slotPeer, int generation) {
        return slotPeer + generation * GENERATION_STRIDE;
    }
}
