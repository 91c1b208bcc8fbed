package dev.hivecast.tracker.swarm;

import dev.hivecast.tracker.locality.GroupKey;
import dev.hivecast.tracker.locality.Locality;
import dev.hivecast.tracker.locality.LocalityLevel;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;

/**
 * A slice's members by locality group (IP, site, AS, country), so that members near an offerer are
 * drawn in O(offers), as {@link SwarmSlice#pickRandom} draws any member. Written only by the owning
 * loop; other loops read the group sizes (a concurrent map and volatile sizes) to weigh where near
 * offers go. Exists only while locality is on.
 */
final class NearGroups {

    /** The members of one group in one slice, in no order: swap-remove keeps removal O(1). */
    static final class Group {
        private final int level;
        private Member[] members = new Member[2];
        private volatile int size;

        Group(int level) {
            this.level = level;
        }

        int size() {
            return size;
        }

        void add(Member m) {
            if (size == members.length) {
                members = Arrays.copyOf(members, size * 2);
            }
            m.groupIndex[level] = size;
            members[size] = m;
            size++;
        }

        void remove(Member m) {
            int last = size - 1;
            Member moved = members[last];
            members[m.groupIndex[level]] = moved;
            moved.groupIndex[level] = m.groupIndex[level];
            members[last] = null;
            size = last;
        }

        /**
         * Up to {@code wanted} random members not yet drawn this time ({@code mark}) whom
         * {@code offerer} may meet, written to {@code out} from {@code at}; each is marked. A
         * partial shuffle: members drawn at a closer level are skipped, at most once each.
         */
        int pick(int wanted, int mark, Locality offerer, RandomGenerator random, Member[] out, int at) {
            int n = size;
            int picked = 0;
            for (int i = 0; i < n && picked < wanted; i++) {
                swap(i, i + random.nextInt(n - i));
                Member m = members[i];
                if (m.drawMark != mark && offerer.mayMeet(m.locality)) {
                    m.drawMark = mark;
                    out[at + picked++] = m;
                }
            }
            return picked;
        }

        private void swap(int i, int j) {
            if (i != j) {
                Member a = members[i];
                Member b = members[j];
                members[i] = b;
                b.groupIndex[level] = i;
                members[j] = a;
                a.groupIndex[level] = j;
            }
        }
    }

    private final ConcurrentHashMap<GroupKey, Group> groups = new ConcurrentHashMap<>();

    void add(Member m) {
        for (int level = 0; level < LocalityLevel.SHARED; level++) {
            GroupKey key = m.locality.key(level);
            if (key != null) {
                groups.computeIfAbsent(key, k -> new Group(k.level())).add(m);
            }
        }
    }

    void remove(Member m) {
        for (int level = 0; level < LocalityLevel.SHARED; level++) {
            GroupKey key = m.locality.key(level);
            Group g = key == null ? null : groups.get(key);
            if (g != null) {
                g.remove(m);
                if (g.size() == 0) {
                    groups.remove(key);
                }
            }
        }
    }

    /** Members in {@code key}'s group here; safe from any thread. */
    int count(GroupKey key) {
        Group g = key == null ? null : groups.get(key);
        return g == null ? 0 : g.size();
    }

    /** Adds each group's size here to {@code counts}; safe from any thread (sizes as of the read). */
    void addCountsTo(Map<GroupKey, Integer> counts) {
        groups.forEach((key, g) -> {
            int n = g.size();
            if (n > 0) {
                counts.merge(key, n, Integer::sum);
            }
        });
    }

    /** Draws from {@code key}'s group; see {@link Group#pick}. */
    int pick(GroupKey key, int wanted, int mark, Locality offerer, RandomGenerator random, Member[] out, int at) {
        Group g = groups.get(key);
        return g == null ? 0 : g.pick(wanted, mark, offerer, random, out, at);
    }
}
