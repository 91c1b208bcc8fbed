package dev.hivecast.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * One node, no cluster: what {@code java -jar} runs with no set-up. There is no other node, so no
 * share of another node to report and no one to send to; the tracker serves everything locally.
 */
public final class LocalBackend implements ClusterBackend {

    private final String nodeId = UUID.randomUUID().toString();
    private volatile Vertx vertx;

    @Override
    public Future<Vertx> start(VertxOptions options, ClusterListener listener) {
        vertx = Vertx.vertx(options);
        return Future.succeededFuture(vertx);
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    @Override
    public Set<String> liveNodes() {
        return Set.of(nodeId);
    }

    @Override
    public Future<Void> publish(Map<String, NodeShare> shares) {
        // Only other nodes would read it, and there are none.
        return Future.succeededFuture();
    }

    @Override
    public Future<Map<String, NodeShare>> sharesOf(String swarm) {
        return Future.succeededFuture(Map.of());
    }

    @Override
    public Future<Map<String, Map<String, NodeShare>>> sharesOfEach(Set<String> swarms) {
        Map<String, Map<String, NodeShare>> none = new HashMap<>(swarms.size() * 2);
        swarms.forEach(swarm -> none.put(swarm, Map.of()));
        return Future.succeededFuture(none);
    }

    @Override
    public void send(String nodeId, Buffer payload) {
        // Dropped: there is no other node, and the tracker never routes to itself.
    }

    @Override
    public Future<Void> withdraw() {
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> close() {
        Vertx started = vertx;
        return started == null ? Future.succeededFuture() : started.close();
    }

    @Override
    public String name() {
        return BackendSettings.LOCAL;
    }
}
