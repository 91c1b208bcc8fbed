package dev.hivecast.tracker.nodes;

import dev.hivecast.cluster.ClusterBackend;
import dev.hivecast.cluster.NodeShare;
import dev.hivecast.protocol.InfoHash;
import dev.hivecast.tracker.swarm.SliceDirectory;
import io.vertx.core.Future;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes this node's share of every swarm that changed to the cluster directory, in one batch
 * per tick (never one write per announce). One batch is in flight at a time, so an older batch
 * can never land after a newer one; a failed batch is marked changed again and retried.
 */
public final class SharePublisher {

    private static final Logger log = LoggerFactory.getLogger(SharePublisher.class);

    private final SliceDirectory directory;
    private final ClusterBackend backend;
    private final ClusterCounters counters;
    private final AtomicBoolean inFlight = new AtomicBoolean();
    private final int summaryGroups;
    private volatile long failuresLogged;

    public SharePublisher(SliceDirectory directory, ClusterBackend backend, ClusterCounters counters) {
        this(directory, backend, counters, 0);
    }

    /** @param summaryGroups groups per level of each swarm's locality summary; 0 publishes none */
    public SharePublisher(SliceDirectory directory, ClusterBackend backend, ClusterCounters counters,
                          int summaryGroups) {
        this.summaryGroups = summaryGroups;
        this.directory = directory;
        this.backend = backend;
        this.counters = counters;
    }

    /** Called by the publish timers. */
    public void publishChanged() {
        if (!inFlight.compareAndSet(false, true)) {
            return;
        }
        List<InfoHash> changed = directory.takeChanged();
        if (changed.isEmpty()) {
            inFlight.set(false);
            return;
        }
        Map<String, NodeShare> shares = new HashMap<>(changed.size() * 2);
        for (InfoHash h : changed) {
            SliceDirectory.Counts c = directory.countsOf(h);
            shares.put(h.toHex(), c == null ? NodeShare.NONE : new NodeShare(c.complete(), c.incomplete(), c.downloaded()));
        }
        Future<Void> published = backend.publish(shares);
        if (summaryGroups > 0) {
            // join, not all: the next batch must not start while either write is still in flight
            published = Future.join(published, backend.publishSummaries(summaries(changed))).mapEmpty();
        }
        published.onComplete(ar -> {
            inFlight.set(false);
            if (ar.succeeded()) {
                counters.publishBatches.increment();
                counters.publishedShares.add(shares.size());
            } else {
                counters.publishFailures.increment();
                changed.forEach(directory::markChanged);
                if (failuresLogged++ % 100 == 0) { // an outage fails every tick: log the first of each 100
                    log.atWarn().addKeyValue("shares", shares.size()).addKeyValue("cause", ar.cause().toString())
                            .log("Publishing {} swarm shares to the cluster failed (retried): {}", shares.size(),
                                    ar.cause().toString());
                }
            }
        });
    }

    /**
     * Each changed swarm's summary; an empty one (the swarm left this node, or no group) removes
     * the published one. Its groups change only with the swarm's members, so with its counts.
     */
    private Map<String, String> summaries(List<InfoHash> changed) {
        Map<String, String> summaries = new HashMap<>(changed.size() * 2);
        for (InfoHash h : changed) {
            summaries.put(h.toHex(), directory.nearSummary(h, summaryGroups).encode());
        }
        return summaries;
    }

    /** Called by a short timer: publishes at once when a swarm appeared on or left this node. */
    public void publishIfSwarmsAppearedOrVanished() {
        if (directory.takeAppearedOrVanished()) {
            publishChanged();
        }
    }

    /** Marks every swarm of this node changed: the next tick publishes them all again. */
    public void republishAll() {
        directory.forEach(directory::markChanged);
    }
}
