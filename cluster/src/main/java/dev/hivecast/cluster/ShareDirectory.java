package dev.hivecast.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.partition.PartitionService;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * One node's view of the Hazelcast swarm directory ({@value HazelcastConfigs#SWARMS_MAP}): writes
 * this node's shares a partition at a time and reads whole swarms, without blocking the caller.
 */
final class ShareDirectory {

    private final Vertx vertx;
    private final IMap<String, SwarmShares> swarms;
    private final PartitionService partitions;
    private final String nodeId;
    /** Swarms this node may hold a non-empty share of: what {@link #withdraw} has to empty. */
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private final AtomicLong writeOperations = new AtomicLong();
    private final AtomicLong readOperations = new AtomicLong();

    ShareDirectory(Vertx vertx, HazelcastInstance hazelcast, String nodeId) {
        this.vertx = vertx;
        this.swarms = hazelcast.getMap(HazelcastConfigs.SWARMS_MAP);
        this.partitions = hazelcast.getPartitionService();
        this.nodeId = nodeId;
    }

    /** Sets this node's shares with one entry-processor call per partition the batch touches. */
    Future<Void> publish(Map<String, NodeShare> shares) {
        if (shares.isEmpty()) {
            return Future.succeededFuture();
        }
        Context caller = vertx.getOrCreateContext();
        List<Future<?>> writes = new ArrayList<>();
        for (Map<String, NodeShare> part : byPartition(shares).values()) {
            track(part);
            writeOperations.incrementAndGet();
            Future<?> write = Future.fromCompletionStage(
                    swarms.submitToKeys(part.keySet(), new SetNodeShares(nodeId, part)), caller);
            writes.add(write.onFailure(error -> keepTrackingRemovals(part)));
        }
        return Future.all(writes).mapEmpty();
    }

    /** Empties every share this node holds; done when the removals are visible to readers. */
    Future<Void> withdraw() {
        Map<String, NodeShare> empty = new HashMap<>();
        held.forEach(swarm -> empty.put(swarm, NodeShare.NONE));
        return publish(empty);
    }

    /**
     * The stored shares of every swarm in {@code swarms}, of the nodes {@code include} accepts; a
     * swarm nobody holds maps to an empty map. One call, whatever the number of swarms: Hazelcast
     * sends one operation to each member that owns any of them.
     */
    Future<Map<String, Map<String, NodeShare>>> readEach(Set<String> swarms, Predicate<String> include) {
        if (swarms.isEmpty()) {
            return Future.succeededFuture(Map.of());
        }
        readOperations.incrementAndGet();
        Context caller = vertx.getOrCreateContext();
        if (swarms.size() == 1) { // a plain get is the cheapest read of one key: no fan-out over members
            String swarm = swarms.iterator().next();
            return Future.fromCompletionStage(this.swarms.getAsync(swarm), caller)
                    .map(stored -> Map.of(swarm, stored == null ? Map.of() : stored.sharesOf(include)));
        }
        return Future.fromCompletionStage(this.swarms.submitToKeys(swarms, ReadSwarmShares.INSTANCE), caller)
                .map(stored -> {
                    Map<String, Map<String, NodeShare>> bySwarm = new HashMap<>(swarms.size() * 2);
                    for (String swarm : swarms) {
                        SwarmShares shares = stored.get(swarm);
                        bySwarm.put(swarm, shares == null ? Map.of() : shares.sharesOf(include));
                    }
                    return bySwarm;
                });
    }

    /**
     * Removes a departed node's share from every swarm. Hazelcast has no asynchronous form of
     * {@code executeOnEntries}, so this is the one directory call made on a worker thread.
     */
    Future<Void> purge(String departedNodeId) {
        return vertx.executeBlocking(() -> {
            swarms.executeOnEntries(new PurgeNode(departedNodeId));
            return null;
        }, false);
    }

    /** Entry-processor calls sent by {@link #publish} so far: at most one per partition per publish. */
    long writeOperations() {
        return writeOperations.get();
    }

    /** Calls sent by {@link #readEach} so far: one per call, whatever the number of swarms. */
    long readOperations() {
        return readOperations.get();
    }

    private Map<Integer, Map<String, NodeShare>> byPartition(Map<String, NodeShare> shares) {
        Map<Integer, Map<String, NodeShare>> parts = new HashMap<>();
        shares.forEach((swarm, share) -> parts
                .computeIfAbsent(partitions.getPartition(swarm).getPartitionId(), id -> new HashMap<>())
                .put(swarm, share));
        return parts;
    }

    private void track(Map<String, NodeShare> part) {
        part.forEach((swarm, share) -> {
            if (share.isEmpty()) {
                held.remove(swarm);
            } else {
                held.add(swarm);
            }
        });
    }

    /** A removal that may not have happened stays on the list, so a later withdraw tries it again. */
    private void keepTrackingRemovals(Map<String, NodeShare> part) {
        part.forEach((swarm, share) -> {
            if (share.isEmpty()) {
                held.add(swarm);
            }
        });
    }
}
