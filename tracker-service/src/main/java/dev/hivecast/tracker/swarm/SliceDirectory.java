package dev.hivecast.tracker.swarm;

import dev.hivecast.protocol.InfoHash;
import dev.hivecast.protocol.PeerId;
import dev.hivecast.tracker.locality.GroupKey;
import dev.hivecast.tracker.locality.Locality;
import dev.hivecast.tracker.locality.LocalityLevel;
import dev.hivecast.tracker.locality.NearSummary;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * Node-wide: for each swarm, the slice each loop holds. Touched only when a loop's slice of a
 * swarm appears or disappears (not per announce), through {@link ConcurrentHashMap#compute}, which
 * locks one bin, never the map. Reading counts through it sees each loop's counts as of that
 * loop's last change.
 */
public final class SliceDirectory {

    /** The slices of one swarm, one slot per loop. */
    static final class Entry {
        private final AtomicReferenceArray<SwarmSlice> slices;

        Entry(int loops) {
            this.slices = new AtomicReferenceArray<>(loops);
        }

        SwarmSlice slice(int loop) {
            return slices.get(loop);
        }

        int loops() {
            return slices.length();
        }

        boolean onlySlice(int loop) {
            for (int i = 0; i < slices.length(); i++) {
                if (i != loop && slices.get(i) != null) {
                    return false;
                }
            }
            return true;
        }

        boolean isEmpty() {
            for (int i = 0; i < slices.length(); i++) {
                if (slices.get(i) != null) {
                    return false;
                }
            }
            return true;
        }

        int complete() {
            int sum = 0;
            for (int i = 0; i < slices.length(); i++) {
                SwarmSlice s = slices.get(i);
                sum += s == null ? 0 : s.complete();
            }
            return sum;
        }

        int incomplete() {
            int sum = 0;
            for (int i = 0; i < slices.length(); i++) {
                SwarmSlice s = slices.get(i);
                sum += s == null ? 0 : s.incomplete();
            }
            return sum;
        }

        long downloaded() {
            long sum = 0;
            for (int i = 0; i < slices.length(); i++) {
                SwarmSlice s = slices.get(i);
                sum += s == null ? 0 : s.downloaded();
            }
            return sum;
        }
    }

    private final int loops;
    private final ConcurrentHashMap<InfoHash, Entry> entries = new ConcurrentHashMap<>();
    private final PeerIdClaims claims;
    /** Swarms whose counts changed since the cluster last heard of them; null on a lone node. */
    private final Set<InfoHash> changed;
    private volatile boolean appearedOrVanished;

    public SliceDirectory(int loops) {
        this(loops, false);
    }

    /** @param trackChanges remember which swarms changed, for {@link #takeChanged()} (cluster mode) */
    public SliceDirectory(int loops, boolean trackChanges) {
        this(loops, trackChanges, null);
    }

    /** @param peerIds the binding rule across nodes; null on a lone node */
    public SliceDirectory(int loops, boolean trackChanges, ClusterPeerIds peerIds) {
        this.loops = loops;
        this.changed = trackChanges ? ConcurrentHashMap.newKeySet() : null;
        this.claims = new PeerIdClaims(peerIds);
    }

    /** Called by a loop whenever its counts of a swarm changed. */
    void changed(InfoHash infoHash) {
        markChanged(infoHash);
    }

    /** The cluster must hear of this swarm again (a failed publish, a republish). */
    public void markChanged(InfoHash infoHash) {
        if (changed != null) {
            changed.add(infoHash);
        }
    }

    /** The swarms changed since the last call, forgotten as they are returned. */
    public List<InfoHash> takeChanged() {
        List<InfoHash> taken = new ArrayList<>();
        if (changed != null) {
            for (Iterator<InfoHash> it = changed.iterator(); it.hasNext(); ) {
                taken.add(it.next());
                it.remove();
            }
        }
        return taken;
    }

    /** This node's members of a swarm, summed over its loops; {@code null} when it has none. */
    public Counts countsOf(InfoHash infoHash) {
        Entry e = entries.get(infoHash);
        return e == null ? null : new Counts(e.complete(), e.incomplete(), e.downloaded());
    }

    /**
     * How many of {@code offers} each loop of this node should take, in proportion to its members
     * of the swarm (a uniform pick over the node's members); zeros when the node has none.
     */
    public int[] splitOverLoops(InfoHash infoHash, int offers, RandomGenerator random) {
        int[] given = new int[loops];
        Entry e = entries.get(infoHash);
        if (e != null) {
            int[] room = new int[loops];
            for (int k = 0; k < loops; k++) {
                SwarmSlice s = e.slice(k);
                room[k] = s == null ? 0 : s.size();
            }
            OfferSplit.split(offers, room, given, random);
        }
        return given;
    }

    /**
     * Offers from another node, {@code near} of them for members near {@code from}: the near ones
     * go to the loops holding members of {@code from}'s groups, closest level first, the others in
     * proportion to the loops' members. Writes each loop's near share to {@code nearByLoop}.
     */
    public int[] splitNearOverLoops(InfoHash infoHash, Locality from, int near, int offers, int[] nearByLoop,
                                    RandomGenerator random) {
        int[] given = new int[loops];
        Entry e = entries.get(infoHash);
        if (e == null) {
            return given;
        }
        int[] room = new int[loops];
        int remaining = near;
        for (int level = 0; level < LocalityLevel.SHARED && remaining > 0; level++) {
            GroupKey key = from.key(level);
            for (int k = 0; key != null && k < loops; k++) {
                SwarmSlice s = e.slice(k);
                room[k] = s == null ? 0 : Math.max(0, s.nearCount(key) - nearByLoop[k]);
            }
            remaining -= key == null ? 0 : OfferSplit.split(remaining, room, nearByLoop, random);
        }
        for (int k = 0; k < loops; k++) {
            SwarmSlice s = e.slice(k);
            given[k] = nearByLoop[k];
            room[k] = s == null ? 0 : Math.max(0, s.size() - nearByLoop[k]);
        }
        OfferSplit.split(offers - (near - remaining), room, given, random);
        return given;
    }

    /** This node's largest locality groups of a swarm, {@code perLevel} of each level at most. */
    public NearSummary nearSummary(InfoHash infoHash, int perLevel) {
        Entry e = entries.get(infoHash);
        if (e == null) {
            return NearSummary.EMPTY;
        }
        Map<GroupKey, Integer> counts = new HashMap<>();
        for (int k = 0; k < loops; k++) {
            SwarmSlice s = e.slice(k);
            NearGroups g = s == null ? null : s.near();
            if (g != null) {
                g.addCountsTo(counts);
            }
        }
        return NearSummary.of(counts, perLevel);
    }

    /** A swarm's members on this node. */
    public record Counts(int complete, int incomplete, long downloaded) {
    }

    public int loops() {
        return loops;
    }

    /** Swarms with at least one member on this node. */
    public int swarmCount() {
        return entries.size();
    }

    /** Who holds each (info_hash, peer_id) on this node: the binding rule across loops. */
    PeerIdClaims claims() {
        return claims;
    }

    /** The loop of the connection whose hold on the peer_id is {@code hold}; -1 if no such hold is current. */
    public int loopHolding(InfoHash infoHash, PeerId peerId, long hold) {
        PeerIdClaims.Hold held = claims.holdWithId(infoHash, peerId, hold);
        return held == null ? -1 : held.connection.loop();
    }

    Entry entry(InfoHash infoHash) {
        return entries.get(infoHash);
    }

    void attach(InfoHash infoHash, int loop, SwarmSlice slice) {
        Entry attached = entries.compute(infoHash, (k, e) -> {
            Entry entry = e == null ? new Entry(loops) : e;
            entry.slices.set(loop, slice);
            return entry;
        });
        if (changed != null && attached.onlySlice(loop)) {
            appearedOrVanished = true;
        }
    }

    void detach(InfoHash infoHash, int loop, SwarmSlice slice) {
        Entry left = entries.computeIfPresent(infoHash, (k, e) -> {
            e.slices.compareAndSet(loop, slice, null);
            return e.isEmpty() ? null : e;
        });
        if (changed != null && left == null) {
            appearedOrVanished = true;
        }
    }

    /**
     * True once since a swarm appeared on this node or left it: the other nodes should hear of
     * that sooner than of a count change, since until then they cannot route offers here (or
     * keep routing them to members that are gone).
     */
    public boolean takeAppearedOrVanished() {
        if (!appearedOrVanished) {
            return false;
        }
        appearedOrVanished = false;
        return true;
    }

    /** Members of the swarm on this node, all loops. */
    public int memberCount(InfoHash infoHash) {
        Entry e = entries.get(infoHash);
        return e == null ? 0 : e.complete() + e.incomplete();
    }

    public void forEach(Consumer<InfoHash> action) {
        entries.keySet().forEach(action);
    }
}
