package dev.hivecast.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicates;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One node's locality summaries in Hazelcast: the map {@value HazelcastConfigs#SUMMARIES_MAP}, key
 * {@code <info_hash>/<node id>}, value the summary string. Plain strings in a map of their own, so
 * no new type id enters the share map and a node of an older release never reads them. Each node
 * writes only its own keys, so writes never conflict.
 */
final class HazelcastSummaries {

    private final Vertx vertx;
    private final IMap<String, String> summaries;
    private final String nodeId;
    /** Swarms this node published a summary of: what {@link #withdraw} has to remove. */
    private final Set<String> held = ConcurrentHashMap.newKeySet();

    HazelcastSummaries(Vertx vertx, HazelcastInstance hazelcast, String nodeId) {
        this.vertx = vertx;
        this.summaries = hazelcast.getMap(HazelcastConfigs.SUMMARIES_MAP);
        this.nodeId = nodeId;
    }

    /** One setAll for the summaries, one remove per emptied one. */
    Future<Void> publish(Map<String, String> byswarm) {
        Context caller = vertx.getOrCreateContext();
        Map<String, String> set = new HashMap<>();
        List<Future<?>> writes = new ArrayList<>();
        byswarm.forEach((swarm, summary) -> {
            if (summary.isEmpty()) {
                held.remove(swarm);
                writes.add(Future.fromCompletionStage(summaries.removeAsync(key(swarm, nodeId)), caller));
            } else {
                held.add(swarm);
                set.put(key(swarm, nodeId), summary);
            }
        });
        if (!set.isEmpty()) {
            writes.add(Future.fromCompletionStage(summaries.setAllAsync(set), caller));
        }
        return Future.all(writes).mapEmpty();
    }

    Future<Void> withdraw() {
        Map<String, String> empty = new HashMap<>();
        held.forEach(swarm -> empty.put(swarm, ""));
        return publish(empty);
    }

    /**
     * The summaries of {@code nodes} for each swarm. IMap has no asynchronous getAll, so the one
     * getAll (one operation per member owning any key) runs on a worker thread.
     */
    Future<Map<String, Map<String, String>>> readEach(Set<String> swarms, Set<String> nodes) {
        Set<String> keys = new HashSet<>();
        for (String swarm : swarms) {
            nodes.forEach(node -> keys.add(key(swarm, node)));
        }
        return vertx.executeBlocking(() -> keys.isEmpty() ? Map.<String, String>of() : summaries.getAll(keys), false)
                .map(stored -> {
                    Map<String, Map<String, String>> bySwarm = new HashMap<>(swarms.size() * 2);
                    swarms.forEach(swarm -> bySwarm.put(swarm, new HashMap<>()));
                    stored.forEach((key, summary) -> {
                        int slash = key.indexOf('/');
                        bySwarm.get(key.substring(0, slash)).put(key.substring(slash + 1), summary);
                    });
                    return bySwarm;
                });
    }

    /** Removes a departed node's summaries; on a worker thread, like the share purge. */
    void purge(String departedNodeId) {
        summaries.removeAll(Predicates.like("__key", "%/" + departedNodeId));
    }

    private static String key(String swarm, String node) {
        return swarm + "/" + node;
    }
}
