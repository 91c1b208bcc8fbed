package dev.hivecast.tracker.nodes;

import dev.hivecast.cluster.ClusterBackend;
import io.vertx.core.json.JsonObject;

/** The cluster part of /stats: which backend, which node, who is live, what crossed nodes. */
public final class ClusterStatus {

    private ClusterStatus() {
    }

    public static JsonObject of(ClusterBackend backend, ClusterView view, ClusterCounters counters) {
        JsonObject json = new JsonObject()
                .put("backend", backend.name())
                .put("nodeId", backend.nodeId())
                .put("liveNodes", backend.liveNodes().size())
                .put("storeConnected", counters.storeConnected());
        if (view != null) {
            json.put("cachedSwarmViews", view.size());
        }
        JsonObject totals = new JsonObject();
        counters.snapshot().forEach(totals::put);
        return json.put("totals", totals);
    }
}
