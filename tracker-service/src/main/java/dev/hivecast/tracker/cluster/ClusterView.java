package dev.hivecast.tracker.cluster;

import dev.hivecast.cluster.ClusterBackend;
import dev.hivecast.cluster.NodeShare;
import dev.hivecast.tracker.protocol.InfoHash;
import dev.hivecast.tracker.swarm.RemoteSwarms;
import dev.hivecast.tracker.swarm.RemoteView;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The other nodes' part of each swarm this node works with, cached from the cluster directory.
 * Shards read it without waiting ({@link #viewOf}); a view older than the refresh age is re-read
 * in the background, and before an announce or scrape the transport calls {@link #warm} so no
 * reply is built on a view older than the max age. Counts are therefore cluster-wide within
 * {@code publish interval + max age} of a change. While the backend has lost its store (Redis),
 * every view is empty: the node serves its own peers alone rather than send offers that the
 * store can no longer carry.
 */
public final class ClusterView implements RemoteSwarms {

    private final ClusterBackend backend;
    private final ClusterCounters counters;
    private final LongSupplier nanoClock;
    private final long refreshAfter;
    private final long maxAge;
    private final Duration longestWait;
    private final ConcurrentHashMap<InfoHash, Cached> cache = new ConcurrentHashMap<>();
    /** Bumped when a node leaves: a read started before that may still list it, so it is dropped. */
    private final AtomicLong departures = new AtomicLong();

    private static final class Cached {
        volatile RemoteView view = RemoteView.NONE;
        volatile long readAt = Long.MIN_VALUE;
        volatile long lastUsed;
        final AtomicBoolean reading = new AtomicBoolean();
        volatile Promise<Void> read = Promise.promise();
    }

    /**
     * @param longestWait how long a reply may wait for a directory read before it goes out with
     *                    the view at hand (a member that stopped answering must not stall replies)
     */
    public ClusterView(ClusterBackend backend, ClusterCounters counters, Duration refreshAfter, Duration maxAge,
                       Duration longestWait, LongSupplier nanoClock) {
        this.longestWait = longestWait;
        this.backend = backend;
        this.counters = counters;
        this.nanoClock = nanoClock;
        this.refreshAfter = refreshAfter.toNanos();
        this.maxAge = maxAge.toNanos();
    }

    @Override
    public RemoteView viewOf(InfoHash infoHash) {
        if (!counters.storeConnected()) {
            // Cut off from the store, payloads to other nodes are lost: act as a node alone.
            return RemoteView.NONE;
        }
        long now = nanoClock.getAsLong();
        Cached c = cache.computeIfAbsent(infoHash, k -> new Cached());
        c.lastUsed = now;
        if (age(c, now) > refreshAfter) {
            read(infoHash, c);
        }
        return c.view;
    }

    /**
     * Null when every swarm has a view younger than the max age (the usual case: no wait);
     * otherwise a future that completes once they have been read (or the read failed).
     */
    public Future<Void> warm(List<InfoHash> infoHashes) {
        return warm(infoHashes, maxAge);
    }

    /**
     * Like {@link #warm(List)}, for an announce whose offers may have to leave this node: then a
     * view older than the publish interval is read again first, so a member that joined another
     * node a moment ago is seen (the view may say "nobody there" from before it joined).
     */
    public Future<Void> warmForRouting(InfoHash infoHash) {
        return warm(List.of(infoHash), refreshAfter);
    }

    private Future<Void> warm(List<InfoHash> infoHashes, long maxAge) {
        if (!counters.storeConnected()) {
            return null; // every read would fail at once
        }
        long now = nanoClock.getAsLong();
        List<Future<Void>> reads = null;
        for (InfoHash h : infoHashes) {
            Cached c = cache.computeIfAbsent(h, k -> new Cached());
            c.lastUsed = now;
            if (age(c, now) > maxAge) {
                if (reads == null) {
                    reads = new ArrayList<>();
                }
                reads.add(read(h, c));
            }
        }
        if (reads == null) {
            return null;
        }
        counters.waitsForDirectory.increment();
        return Future.join(reads).mapEmpty();
    }

    /** How long a reply may wait for {@link #warm}; after that it uses the view at hand. */
    public Duration longestWait() {
        return longestWait;
    }

    /** A reply stopped waiting for a read that took longer than {@link #longestWait()}. */
    public void waitTimedOut() {
        counters.directoryWaitsTimedOut.increment();
    }

    /** A node left: it vanishes from every cached view now, not at the next read. */
    public void dropNode(String nodeId) {
        departures.incrementAndGet();
        for (Cached c : cache.values()) {
            RemoteView v = c.view;
            if (v.nodes().stream().anyMatch(n -> n.nodeId().equals(nodeId))) {
                c.view = v.without(nodeId);
            }
        }
    }

    /** Forgets views nobody asked for during {@code idle}; called from a timer. */
    public void sweep(Duration idle) {
        long now = nanoClock.getAsLong();
        cache.values().removeIf(c -> now - c.lastUsed > idle.toNanos() && !c.reading.get());
    }

    public int size() {
        return cache.size();
    }

    private long age(Cached c, long now) {
        return c.readAt == Long.MIN_VALUE ? Long.MAX_VALUE : now - c.readAt;
    }

    /** At most one read per swarm in flight; callers arriving meanwhile share its future. */
    private Future<Void> read(InfoHash infoHash, Cached c) {
        if (!c.reading.compareAndSet(false, true)) {
            return c.read.future();
        }
        Promise<Void> done = Promise.promise();
        c.read = done;
        long startedAt = nanoClock.getAsLong();
        long departuresAtStart = departures.get();
        counters.directoryReads.increment();
        backend.sharesOf(infoHash.toHex()).onComplete(ar -> {
            if (ar.succeeded() && departures.get() == departuresAtStart) {
                c.view = toView(ar.result());
                c.readAt = startedAt;
            } else if (ar.succeeded()) {
                counters.directoryReadsDiscarded.increment(); // the next use reads again
            } else {
                counters.directoryReadFailures.increment();
            }
            c.reading.set(false);
            done.complete(); // a failed read still ends the wait: the reply uses what is known
        });
        return done.future();
    }

    private static RemoteView toView(Map<String, NodeShare> shares) {
        List<RemoteView.NodeMembers> nodes = new ArrayList<>(shares.size());
        for (Map.Entry<String, NodeShare> e : shares.entrySet()) {
            NodeShare s = e.getValue();
            nodes.add(new RemoteView.NodeMembers(e.getKey(), s.complete(), s.incomplete(), s.downloaded()));
        }
        return RemoteView.of(nodes);
    }
}
