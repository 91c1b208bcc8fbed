package dev.hivecast.tracker.swarm;

import dev.hivecast.protocol.InfoHash;
import dev.hivecast.protocol.PeerId;
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

    SwarmSlice(InfoHash infoHash) {
        this.infoHash = infoHash;
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
