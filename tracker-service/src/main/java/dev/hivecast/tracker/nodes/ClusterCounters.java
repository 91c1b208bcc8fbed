package dev.hivecast.tracker.nodes;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * What crosses nodes, counted for /stats and the metrics of the operations issue. Written from
 * any event loop, so every count is a {@link LongAdder}.
 */
public final class ClusterCounters {

    final LongAdder offersSent = new LongAdder();
    final LongAdder offersReceived = new LongAdder();
    final LongAdder answersSent = new LongAdder();
    final LongAdder answersReceived = new LongAdder();
    /** Payloads the offers and answers sent went in: fewer than messages when loops batch them. */
    final LongAdder payloadsSent = new LongAdder();
    final LongAdder undeliverable = new LongAdder();
    final LongAdder badMessages = new LongAdder();
    final LongAdder publishBatches = new LongAdder();
    final LongAdder publishedShares = new LongAdder();
    final LongAdder publishFailures = new LongAdder();
    final LongAdder directoryReads = new LongAdder();
    final LongAdder directoryReadBatches = new LongAdder();
    final LongAdder directoryReadFailures = new LongAdder();
    final LongAdder directoryReadsDiscarded = new LongAdder();
    final LongAdder directoryWaitsTimedOut = new LongAdder();
    final LongAdder waitsForDirectory = new LongAdder();
    final LongAdder nodesLeft = new LongAdder();
    final LongAdder storeOutages = new LongAdder();
    final LongAdder storeOutageMillis = new LongAdder();
    /** Verdicts of the cluster's peer_id directory on first announces, and holds given back to it. */
    final LongAdder peerIdClaimsHeld = new LongAdder();
    final LongAdder peerIdClaimsRefused = new LongAdder();
    final LongAdder peerIdClaimsUnverified = new LongAdder();
    final LongAdder peerIdReleases = new LongAdder();
    /** Whether the backend's shared store (Redis) is reachable; always true without one. */
    volatile boolean storeConnected = true;
    /** System.nanoTime() when the store was lost; read only while it is. */
    volatile long storeLostAtNanos;

    public boolean storeConnected() {
        return storeConnected;
    }

    /** Seconds without the store, the outage going on now included, so a graph moves during it. */
    public double storeOutageSeconds() {
        long nanos = storeOutageMillis.sum() * 1_000_000;
        if (!storeConnected) {
            nanos += System.nanoTime() - storeLostAtNanos;
        }
        return nanos / 1e9;
    }

    /** Name to value, in a stable order, for the stats JSON. */
    public Map<String, Long> snapshot() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("offersSent", offersSent.sum());
        m.put("offersReceived", offersReceived.sum());
        m.put("answersSent", answersSent.sum());
        m.put("answersReceived", answersReceived.sum());
        m.put("payloadsSent", payloadsSent.sum());
        m.put("undeliverable", undeliverable.sum());
        m.put("badMessages", badMessages.sum());
        m.put("publishBatches", publishBatches.sum());
        m.put("publishedShares", publishedShares.sum());
        m.put("publishFailures", publishFailures.sum());
        m.put("directoryReads", directoryReads.sum());
        m.put("directoryReadBatches", directoryReadBatches.sum());
        m.put("directoryReadFailures", directoryReadFailures.sum());
        m.put("directoryReadsDiscarded", directoryReadsDiscarded.sum());
        m.put("directoryWaitsTimedOut", directoryWaitsTimedOut.sum());
        m.put("waitsForDirectory", waitsForDirectory.sum());
        m.put("nodesLeft", nodesLeft.sum());
        m.put("storeOutages", storeOutages.sum());
        m.put("storeOutageMillis", storeOutageMillis.sum());
        m.put("peerIdClaimsHeld", peerIdClaimsHeld.sum());
        m.put("peerIdClaimsRefused", peerIdClaimsRefused.sum());
        m.put("peerIdClaimsUnverified", peerIdClaimsUnverified.sum());
        m.put("peerIdReleases", peerIdReleases.sum());
        return m;
    }

    public long offersSent() { return offersSent.sum(); }
    public long offersReceived() { return offersReceived.sum(); }
    public long answersSent() { return answersSent.sum(); }
    public long answersReceived() { return answersReceived.sum(); }
    public long payloadsSent() { return payloadsSent.sum(); }
    public long undeliverable() { return undeliverable.sum(); }
    public long badMessages() { return badMessages.sum(); }
    public long publishBatches() { return publishBatches.sum(); }
    public long publishedShares() { return publishedShares.sum(); }
    public long publishFailures() { return publishFailures.sum(); }
    public long directoryReads() { return directoryReads.sum(); }
    public long directoryReadBatches() { return directoryReadBatches.sum(); }
    public long directoryReadFailures() { return directoryReadFailures.sum(); }
    public long directoryReadsDiscarded() { return directoryReadsDiscarded.sum(); }
    public long directoryWaitsTimedOut() { return directoryWaitsTimedOut.sum(); }
    public long waitsForDirectory() { return waitsForDirectory.sum(); }
    public long nodesLeft() { return nodesLeft.sum(); }
    public long storeOutages() { return storeOutages.sum(); }
    public long peerIdClaimsHeld() { return peerIdClaimsHeld.sum(); }
    public long peerIdClaimsRefused() { return peerIdClaimsRefused.sum(); }
    public long peerIdClaimsUnverified() { return peerIdClaimsUnverified.sum(); }
    public long peerIdReleases() { return peerIdReleases.sum(); }
}
