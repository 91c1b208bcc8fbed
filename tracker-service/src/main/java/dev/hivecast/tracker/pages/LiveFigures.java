package dev.hivecast.tracker.pages;

import dev.hivecast.tracker.ops.NodeStats;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The landing page's live view: node-wide counts only (never a swarm's info_hash or figures, so
 * nothing an info_hash list or a private /stats hides), computed once a second whatever the
 * number of readers, who all get the same bytes.
 */
final class LiveFigures {

    static final long PERIOD_MILLIS = 1000;

    private final Supplier<NodeStats> stats;
    private final IntSupplier clusterNodes;
    private long lastAtNanos;
    private long lastMessagesIn;
    private long lastRelayed;
    private volatile Buffer json;

    /** @param clusterNodes the nodes of this node's cluster, itself included */
    LiveFigures(Supplier<NodeStats> stats, IntSupplier clusterNodes) {
        this.stats = stats;
        this.clusterNodes = clusterNodes;
        sample();
    }

    void start(Vertx vertx) {
        vertx.setPeriodic(PERIOD_MILLIS, id -> sample());
    }

    /** The last figures, as JSON. */
    Buffer json() {
        return json;
    }

    private void sample() {
        NodeStats s = stats.get();
        long now = System.nanoTime();
        double seconds = lastAtNanos == 0 ? 0 : (now - lastAtNanos) / 1e9;
        JsonObject figures = new JsonObject()
                .put("connections", s.connections())
                .put("swarms", s.swarms())
                .put("members", s.members())
                .put("messagesPerSecond", perSecond(s.messagesIn() - lastMessagesIn, seconds))
                .put("relayedPerSecond", perSecond(s.relayed() - lastRelayed, seconds))
                .put("clusterNodes", clusterNodes.getAsInt())
                .put("draining", s.draining())
                .put("uptimeSeconds", s.uptimeSeconds());
        lastAtNanos = now;
        lastMessagesIn = s.messagesIn();
        lastRelayed = s.relayed();
        json = figures.toBuffer();
    }

    private static long perSecond(long count, double seconds) {
        return seconds <= 0 ? 0 : Math.round(count / seconds);
    }
}
