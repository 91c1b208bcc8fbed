package dev.hivecast.tracker.swarm;

import dev.hivecast.tracker.locality.GroupKey;
import dev.hivecast.tracker.locality.Locality;
import dev.hivecast.tracker.locality.LocalityLevel;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * The draw with locality, for one loop: how many of an announce's offers are drawn near the
 * offerer and how many at random from the whole swarm (locality.random-share), how the near ones
 * spread over the node's loops (closest level first; with local-first routing, the offerer's own
 * loop first within a level), and the pick inside one slice. Reuses its arrays: a draw allocates
 * nothing. Runs on its loop's thread only.
 */
final class NearDraw {

    private final double randomShare;
    private final RandomGenerator random;
    private final boolean ownLoopFirst;
    private int mark;
    private int[] taken = new int[4];
    private int[] room = new int[4];

    NearDraw(double randomShare, OfferRouting routing, RandomGenerator random) {
        this.randomShare = randomShare;
        this.ownLoopFirst = routing == OfferRouting.LOCAL_FIRST;
        this.random = random;
    }

    /** A new draw; the offerer (null for offers from elsewhere) is marked so it is never picked. */
    int begin(Member offerer) {
        mark++;
        if (offerer != null) {
            offerer.drawMark = mark;
        }
        return mark;
    }

    /**
     * Offers to draw at random: the share of {@code wanted}, its fraction drawn with that
     * probability (so one offer in five is random at 0.2, even one at a time); none from a closed site.
     */
    int randomCount(int wanted, Locality offerer) {
        if (offerer.closed()) {
            return 0;
        }
        double share = wanted * randomShare;
        int whole = (int) share;
        return whole + (random.nextDouble() < share - whole ? 1 : 0);
    }

    /**
     * How many of {@code wanted} near offers each loop's slice takes (by loop index; valid until
     * the next call): closest level first, the offerer's own loop first within a level when
     * routing is local-first, else in proportion to the near members each loop holds. Counting a
     * closer level's picks against a farther one assumes the groups nest (one IP in one site, one
     * site in one AS), as they nearly always do.
     */
    int[] planNear(Member offerer, SliceDirectory.Entry entry, int self, int loops, int wanted) {
        if (taken.length < loops) {
            taken = new int[loops];
            room = new int[loops];
        }
        Arrays.fill(taken, 0, loops, 0);
        Locality locality = offerer.locality;
        int remaining = wanted;
        for (int level = 0; level <= lastLevel(locality) && remaining > 0; level++) {
            GroupKey key = locality.key(level);
            if (key == null) {
                continue;
            }
            for (int k = 0; k < loops; k++) {
                int held = k == self ? offerer.slice.nearCount(key) - 1 : othersCount(entry, k, key);
                room[k] = Math.max(0, held - taken[k]);
            }
            if (ownLoopFirst) {
                int here = Math.min(remaining, room[self]);
                taken[self] += here;
                remaining -= here;
                room[self] = 0;
            }
            remaining -= OfferSplit.split(remaining, room, taken, random);
        }
        return taken;
    }

    private static int othersCount(SliceDirectory.Entry entry, int loop, GroupKey key) {
        SwarmSlice s = entry == null ? null : entry.slice(loop);
        return s == null ? 0 : s.nearCount(key);
    }

    /**
     * Picks in one slice: {@code near} members closest first, then {@code any} more at random (and
     * the near ones not found, unless the offerer's site is closed); writes them to {@code out}
     * from index 0 and returns how many.
     */
    int pickInSlice(SwarmSlice slice, Locality offerer, int near, int any, int drawMark, Member[] out) {
        int picked = 0;
        NearGroups groups = slice.near();
        for (int level = 0; groups != null && level <= lastLevel(offerer) && picked < near; level++) {
            GroupKey key = offerer.key(level);
            if (key != null) {
                picked += groups.pick(key, near - picked, drawMark, offerer, random, out, picked);
            }
        }
        int rest = offerer.closed() ? 0 : near - picked + any;
        return picked + slice.pickRandomUnmarked(rest, drawMark, offerer, random, out, picked);
    }

    /** A closed site's offers go no farther than the site. */
    private static int lastLevel(Locality offerer) {
        return offerer.closed() ? LocalityLevel.SITE.ordinal() : LocalityLevel.SHARED - 1;
    }
}
