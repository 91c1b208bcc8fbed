package dev.hivecast.tracker.swarm;

import dev.hivecast.protocol.InfoHash;
import dev.hivecast.protocol.PeerId;
import dev.hivecast.tracker.locality.Locality;
import java.util.Arrays;
import java.util.HashMap;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * The members of one swarm that connected through one loop. Members sit in an array with an
 * index map, so a random pick and a removal are O(1) (swap-remove). Written only by the owning
 * loop's thread; the counts are volatile because other loops read them for cluster-wide replies
 * and for weighting where forwarded offers go.
 */
final class SwarmSlice {

    private final InfoHash infoHash;
    private final HashMap<PeerId, Member> byPeerId = new HashMap<>(4);
    private Member[] members = new Member[4];
    private volatile int size;
    private volatile int complete;
    private volatile long downloaded;
    /** Null while locality is off, and until a member with a known locality joins. */
    private volatile NearGroups near;

    SwarmSlice(InfoHash infoHash) {
        this.infoHash = infoHash;
    }

    /** Members of {@code key}'s group in this slice; safe from any thread. */
    int nearCount(dev.hivecast.tracker.locality.GroupKey key) {
        NearGroups g = near;
        return g == null ? 0 : g.count(key);
    }

    NearGroups near() {
        return near;
    }

    InfoHash infoHash() {
        return infoHash;
    }

    int size() {
        return size;
    }

    int complete() {
        return complete;
    }

    int incomplete() {
        return size - complete;
    }

    long downloaded() {
        return downloaded;
    }

    Member get(PeerId peerId) {
        return byPeerId.get(peerId);
    }

    Member add(PeerId peerId, Connection connection, boolean isComplete, long expiresAt) {
        Member m = new Member(peerId, this, connection, isComplete, expiresAt);
        if (size == members.length) {
            members = Arrays.copyOf(members, size * 2);
        }
        m.index = size;
        members[size] = m;
        byPeerId.put(peerId, m);
        if (m.groupIndex != null) {
            if (near == null) {
                near = new NearGroups();
            }
            near.add(m);
        }
        if (isComplete) {
            complete++;
        }
        size++;
        return m;
    }

    void remove(Member m) {
        int last = size - 1;
        Member moved = members[last];
        members[m.index] = moved;
        moved.index = m.index;
        members[last] = null;
        byPeerId.remove(m.peerId);
        if (m.groupIndex != null) {
            near.remove(m);
        }
        if (m.complete) {
            complete--;
        }
        size = last;
        if (members.length > 16 && size < members.length / 4) {
            members = Arrays.copyOf(members, members.length / 2);
        }
    }

    /** Incomplete to complete; a complete member never reverts (docs/protocol.md#decisions). */
    void markComplete(Member m) {
        if (!m.complete) {
            m.complete = true;
            complete++;
            downloaded++;
        }
    }

    /** Complete again after a rebind: not a new download, the peer had completed before. */
    void restoreComplete(Member m) {
        if (!m.complete) {
            m.complete = true;
            complete++;
        }
    }

    /**
     * Up to {@code wanted} distinct random members other than {@code exclude}, written to
     * {@code out} from index 0; returns how many. A partial Fisher-Yates shuffle in place: the
     * array's order carries no meaning, so picking costs O(wanted), not O(size).
     */
    int pickRandom(int wanted, PeerId exclude, RandomGenerator random, Member[] out) {
        int n = size;
        Member excluded = exclude == null ? null : byPeerId.get(exclude);
        if (excluded != null) {
            swap(excluded.index, n - 1);
            n--;
        }
        int picked = Math.min(wanted, n);
        for (int i = 0; i < picked; i++) {
            swap(i, i + random.nextInt(n - i));
            out[i] = members[i];
        }
        return picked;
    }

    /**
     * Like {@link #pickRandom}, for a draw with locality: skips the members this draw already
     * picked ({@code mark}, the offerer included) and those a closed site keeps from
     * {@code offerer}; writes from {@code out[at]}. Skipping closed members can make this
     * O(size) when a closed site is most of the slice, never more.
     */
    int pickRandomUnmarked(int wanted, int mark, Locality offerer,
                           RandomGenerator random, Member[] out, int at) {
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

    /** A copy of the members, to remove them one by one. */
    Member[] snapshot() {
        return Arrays.copyOf(members, size);
    }

    /** Removes members whose membership expired, telling {@code removed} of each; returns how many. */
    int sweepExpired(long now, Consumer<Member> removed) {
        int count = 0;
        for (int i = size - 1; i >= 0; i--) {
            Member m = members[i];
            if (m.expiresAt - now < 0) {
                m.connection.memberships().remove(m);
                remove(m);
                removed.accept(m);
                count++;
            }
        }
        return count;
    }

    private void swap(int i, int j) {
        if (i != j) {
            Member a = members[i];
            Member b = members[j];
            members[i] = b;
            b.index = i;
            members[j] = a;
            a.index = j;
        }
    }
}
