package dev.hivecast.loadtest;

/**
 * Turns the audience over once it is complete ({@link ChurnOptions}): leaves, each replaced by a
 * joiner in the same slot (same swarm, node and source address, a new peer_id), and reconnect
 * storms. It runs on the generator's main thread, which owns the slot array; viewers act on
 * their own event loops.
 */
final class AudienceChurn {

    /** Starts a new viewer in a slot under a peer number, connected; the ramp's way of starting one. */
    interface Starter {
        Viewer start(int slot, long peer);
    }

    /** At most this many leaves per tick, so a main thread that fell behind catches up gradually. */
    private static final int MAX_LEAVES_PER_TICK = 200;

    private final ChurnSchedule schedule;
    private final Viewer[] slots;
    private final int[] generation;
    private final long firstPeer;
    private final Starter starter;
    private final LoadStats stats;
    private long startNanos = -1;
    private long leaves;
    private int storms;

    AudienceChurn(LoadOptions options, Viewer[] slots, Starter starter, LoadStats stats) {
        this.schedule = new ChurnSchedule(options.churn(), slots.length, options.seed() ^ options.firstPeer());
        this.slots = slots;
        this.generation = new int[slots.length];
        this.firstPeer = options.firstPeer();
        this.starter = starter;
        this.stats = stats;
    }

    /** The audience is complete: the schedule's clock starts now. */
    void begin(long nowNanos) {
        startNanos = nowNanos;
    }

    /** Does what is due by {@code nowNanos}; nothing before {@link #begin}. */
    void tick(long nowNanos) {
        if (startNanos < 0) {
            return;
        }
        double elapsed = (nowNanos - startNanos) / 1e9;
        long due = Math.min(schedule.leavesDue(elapsed), leaves + MAX_LEAVES_PER_TICK);
        for (; leaves < due; leaves++) {
            replace(schedule.nextLeaver(), ChurnSchedule.leavesWithStopped(leaves));
        }
        while (storms < schedule.stormsDue(elapsed)) {
            storms++;
            int[] victims = schedule.nextStormVictims();
            for (int slot : victims) {
                if (slots[slot] != null) {
                    slots[slot].drop(schedule.reconnectDelayMillis());
                }
            }
            System.out.printf("STORM %d at %.0f s: dropping %d connections%n", storms, elapsed, victims.length);
        }
    }

    private void replace(int slot, boolean sendStopped) {
        if (slots[slot] != null) {
            slots[slot].leave(sendStopped);
        }
        generation[slot]++;
        slots[slot] = starter.start(slot, ChurnSchedule.joinerPeer(firstPeer + slot, generation[slot]));
        stats.joins.increment();
    }
}
