package dev.hivecast.tracker.swarm;

import dev.hivecast.tracker.protocol.InfoHash;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;

/**
 * Node-wide: for each swarm, the slice each shard holds. Touched only when a shard's slice of a
 * swarm appears or disappears (not per announce), through {@link ConcurrentHashMap#compute}, which
 * locks one bin, never the map. Reading counts through it sees each shard's counts as of that
 * shard's last change.
 */
public final class SwarmDirectory {

    /** The slices of one swarm, one slot per shard. */
    static final class Entry {
        private final AtomicReferenceArray<SwarmSlice> slices;

        Entry(int shards) {
            this.slices = new AtomicReferenceArray<>(shards);
        }

        SwarmSlice slice(int shard) {
            return slices.get(shard);
        }

        int shards() {
            return slices.length();
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

    private final int shards;
    private final ConcurrentHashMap<InfoHash, Entry> entries = new ConcurrentHashMap<>();

    public SwarmDirectory(int shards) {
        this.shards = shards;
    }

    public int shards() {
        return shards;
    }

    /** Swarms with at least one member on this node. */
    public int swarmCount() {
        return entries.size();
    }

    Entry entry(InfoHash infoHash) {
        return entries.get(infoHash);
    }

    void attach(InfoHash infoHash, int shard, SwarmSlice slice) {
        entries.compute(infoHash, (k, e) -> {
            Entry entry = e == null ? new Entry(shards) : e;
            entry.slices.set(shard, slice);
            return entry;
        });
    }

    void detach(InfoHash infoHash, int shard, SwarmSlice slice) {
        entries.computeIfPresent(infoHash, (k, e) -> {
            e.slices.compareAndSet(shard, slice, null);
            return e.isEmpty() ? null : e;
        });
    }

    void forEach(Consumer<InfoHash> action) {
        entries.keySet().forEach(action);
    }
}
