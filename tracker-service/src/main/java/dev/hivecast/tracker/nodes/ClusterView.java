package dev.hivecast.tracker.nodes;

import dev.hivecast.cluster.ClusterBackend;
import dev.hivecast.cluster.NodeShare;
import dev.hivecast.protocol.InfoHash;
import dev.hivecast.tracker.locality.NearSummary;
import dev.hivecast.tracker.swarm.RemoteSwarms;
import dev.hivecast.tracker.swarm.RemoteView;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The other nodes' part of each swarm this node works with, cached from the cluster directory.
 * Loops read it without waiting ({@link #viewOf}); every view in use that is older than the
 * refresh age is re-read in the background ({@link #refreshStale}, on a timer), and before an
 * announce or scrape the transport calls {@link #warm} so no reply is built on a view older than
 * the max age. Counts are therefore cluster-wide within {@code publish interval + max age} of a
 * change. While the backend has lost its store (Redis), every view is empty: the node serves its
 * own peers alone rather than send offers that the store can no longer carry.
 *
 * <p>Reads go out in batches, one {@link ClusterBackend#sharesOfEach} call for many swarms: the
 * timer's refresh takes every stale view in use at once, and a read a reply waits for goes out at
 * once unless a batch is in flight, in which case it joins the next. Reading each swarm on its
 * own as it went stale cost a directory round trip per swarm per refresh age, a visible share of
 * an idle node's CPU with 100 swarms on 3 nodes (docs/benchmarks.md#cluster).
 */
public final class ClusterView implements RemoteSwarms {

    private final ClusterBackend backend;
    private final ClusterCounters counters;
    private final LongSupplier nanoClock;
    private final long refreshAfter;
    private final long maxAge;
    private final Duration longestWait;
    private final boolean summaries;
    private final ConcurrentHashMap<InfoHash, Cached> cache = new ConcurrentHashMap<>();
    /** Bumped when a node leaves: a read started before that may still list it, so it is dropped. */
    private final AtomicLong departures = new AtomicLong();
    /** Swarms waiting for the next batch, and the batches in flight; guarded by {@code this}. */
    private final Map<InfoHash, Cached> queued = new LinkedHashMap<>();
    private int batchesInFlight;
    private long lastBatchSentAt;

    private static final class Cached {
        volatile RemoteView view = RemoteView.NONE;
        volatile long readAt = Long.MIN_VALUE;
        volatile long lastUsed;
        /** The read this swarm is queued for or part of; null when none. Set under the view's lock. */
        volatile Promise<Void> pending;
    }

    /** Swarms per directory call at most: a node with more stale views than this sends several. */
    static final int MAX_SWARMS_PER_READ = 1024;

    /**
     * @param longestWait how long a reply may wait for a directory read before it goes out with
     *                    the view at hand (a member that stopped answering must not stall replies)
     */
    public ClusterView(ClusterBackend backend, ClusterCounters counters, Duration refreshAfter, Duration maxAge,
                       Duration longestWait, LongSupplier nanoClock) {
        this(backend, counters, refreshAfter, maxAge, longestWait, nanoClock, false);
    }

    /** @param summaries whether views also carry the nodes' locality summaries (a second read per batch) */
    public ClusterView(ClusterBackend backend, ClusterCounters counters, Duration refreshAfter, Duration maxAge,
                       Duration longestWait, LongSupplier nanoClock, boolean summaries) {
        this.summaries = summaries;
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
        Cached c = cache.computeIfAbsent(infoHash, k -> new Cached());
        c.lastUsed = nanoClock.getAsLong();
        return c.view; // refreshed by refreshStale
    }

    /**
     * Re-reads, in as few directory calls as the batch size allows, every view older than the
     * refresh age that was used within the max age. Called by a timer at half the refresh age, so
     * a view in use stays at most 1.5 refresh ages old (plus a read's round trip) and replies do not
     * wait for it; a swarm used less often than once per max age is read when it is used, as
     * {@link #warm} requires.
     */
    public void refreshStale() {
        if (!counters.storeConnected()) {
            return;
        }
        long now = nanoClock.getAsLong();
        List<Map.Entry<InfoHash, Cached>> stale = new ArrayList<>();
        cache.forEach((infoHash, c) -> { // outside the lock: a node may cache a great many swarms
            if (now - c.lastUsed <= maxAge && age(c, now) > refreshAfter && c.pending == null) {
                stale.add(Map.entry(infoHash, c));
            }
        });
        if (stale.isEmpty()) {
            return;
        }
        Map<InfoHash, Cached> batch;
        synchronized (this) {
            for (Map.Entry<InfoHash, Cached> e : stale) {
                Cached c = e.getValue();
                if (c.pending == null) { // a reply may have asked for it meanwhile
                    c.pending = Promise.promise();
                    queued.put(e.getKey(), c);
                }
            }
            batch = takeBatchIfDue();
        }
        if (batch != null) {
            send(batch);
        }
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
        cache.values().removeIf(c -> now - c.lastUsed > idle.toNanos() && c.pending == null);
    }

    public int size() {
        return cache.size();
    }

    private long age(Cached c, long now) {
        return c.readAt == Long.MIN_VALUE ? Long.MAX_VALUE : now - c.readAt;
    }

    /** Queues a read of one swarm; callers arriving before it is done share its future. */
    private Future<Void> read(InfoHash infoHash, Cached c) {
        Future<Void> done;
        Map<InfoHash, Cached> batch;
        synchronized (this) {
            Promise<Void> pending = c.pending;
            if (pending != null) {
                return pending.future();
            }
            pending = Promise.promise();
            c.pending = pending;
            done = pending.future();
            queued.put(infoHash, c);
            batch = takeBatchIfDue();
        }
        if (batch != null) {
            send(batch);
        }
        return done;
    }

    /**
     * The queue as the next batch, if no batch is in flight, or if the last one has been out longer
     * than a reply would wait for it (a member that stopped answering must not stop every refresh).
     */
    private Map<InfoHash, Cached> takeBatchIfDue() {
        if (queued.isEmpty()) {
            return null;
        }
        long now = nanoClock.getAsLong();
        if (batchesInFlight > 0 && now - lastBatchSentAt <= longestWait.toNanos()) {
            return null;
        }
        Map<InfoHash, Cached> batch = new LinkedHashMap<>();
        for (var it = queued.entrySet().iterator(); it.hasNext() && batch.size() < MAX_SWARMS_PER_READ; ) {
            var e = it.next();
            batch.put(e.getKey(), e.getValue());
            it.remove();
        }
        batchesInFlight++;
        lastBatchSentAt = now;
        return batch;
    }

    private void send(Map<InfoHash, Cached> batch) {
        long startedAt = nanoClock.getAsLong();
        long departuresAtStart = departures.get();
        Map<String, InfoHash> byHex = new HashMap<>(batch.size() * 2);
        batch.keySet().forEach(h -> byHex.put(h.toHex(), h));
        counters.directoryReadBatches.increment();
        counters.directoryReads.add(batch.size());
        Future<Map<String, Map<String, NodeShare>>> ar = backend.sharesOfEach(byHex.keySet());
        Future<Map<String, Map<String, String>>> near = summaries
                ? backend.summariesOfEach(byHex.keySet()) : Future.succeededFuture(Map.of());
        Future.join(ar, near).onComplete(both -> {
            if (ar.succeeded() && departures.get() == departuresAtStart) {
                Map<String, Map<String, String>> nearBySwarm = near.succeeded() ? near.result() : Map.of();
                ar.result().forEach((hex, shares) -> {
                    Cached c = batch.get(byHex.get(hex));
                    if (c != null) {
                        c.view = toView(shares, nearBySwarm.getOrDefault(hex, Map.of()));
                        c.readAt = startedAt;
                    }
                });
            } else if (ar.succeeded()) {
                counters.directoryReadsDiscarded.add(batch.size()); // the next use reads again
            } else {
                counters.directoryReadFailures.add(batch.size());
            }
            finished(batch);
        });
    }

    /** A summary another node wrote that this one cannot read counts as none: offers stay random. */
    private NearSummary summaryOf(String text) {
        try {
            return NearSummary.decode(text);
        } catch (IllegalArgumentException e) {
            counters.directoryReadFailures.increment();
            return NearSummary.EMPTY;
        }
    }

    /** Ends the waits of a batch's swarms (a failed read ends them too: replies use what is known). */
    private void finished(Map<InfoHash, Cached> batch) {
        List<Promise<Void>> waits = new ArrayList<>(batch.size());
        Map<InfoHash, Cached> next;
        synchronized (this) {
            for (Cached c : batch.values()) {
                waits.add(c.pending);
                c.pending = null;
            }
            batchesInFlight--;
            next = takeBatchIfDue();
        }
        waits.forEach(Promise::complete);
        if (next != null) {
            send(next);
        }
    }

    private RemoteView toView(Map<String, NodeShare> shares, Map<String, String> summaries) {
        List<RemoteView.NodeMembers> nodes = new ArrayList<>(shares.size());
        for (Map.Entry<String, NodeShare> e : shares.entrySet()) {
            NodeShare s = e.getValue();
            nodes.add(new RemoteView.NodeMembers(e.getKey(), s.complete(), s.incomplete(), s.downloaded(),
                    summaryOf(summaries.get(e.getKey()))));
        }
        return RemoteView.of(nodes);
    }
}
