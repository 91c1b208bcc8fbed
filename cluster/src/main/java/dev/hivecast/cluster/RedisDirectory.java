package dev.hivecast.cluster;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One node's view of the Redis swarm directory. Per swarm a hash {@code {cluster}:swarm:<info_hash>},
 * field = node id, value = {@code complete,incomplete,downloaded}; Redis deletes a hash when its last
 * field goes, so an emptied swarm leaves nothing behind. Per node a set {@code {cluster}:held:<nodeId>}
 * of the swarms it holds a share of, so a departed node can be purged without scanning every swarm.
 *
 * <p>A node that stops beating is purged by {@link #purgeDeparted}: every node that ever beat is in
 * the set {@link RedisKeys#knownNodes()}, and any of them missing from the live nodes has its
 * shares removed and leaves the set. The live node with the lowest id runs it after each of its
 * beats, so a departed node is purged even if the node that should have purged it died first.
 */
final class RedisDirectory {

    /**
     * Commands in one pipeline at most; the connection's waiting queue must hold a whole batch plus
     * the reads in flight ({@link RedisBackend#MAX_WAITING_COMMANDS}).
     */
    static final int MAX_BATCH_COMMANDS = 16_384;

    /**
     * KEYS[1] the known nodes, KEYS[2] the live nodes; ARGV[1] the held-set prefix, ARGV[2] the swarm
     * prefix, ARGV[3] the summary prefix. Each known node that is not live is removed from every
     * swarm its held set lists (share and locality summary), then forgotten, atomically. Returns
     * the purged node ids.
     */
    private static final String PURGE_DEPARTED_SCRIPT = """
            local purged = {}
            for _, node in ipairs(redis.call('SMEMBERS', KEYS[1])) do
              if not redis.call('ZSCORE', KEYS[2], node) then
                for _, swarm in ipairs(redis.call('SMEMBERS', ARGV[1] .. node)) do
                  redis.call('HDEL', ARGV[2] .. swarm, node)
                  redis.call('HDEL', ARGV[3] .. swarm, node)
                end
                redis.call('DEL', ARGV[1] .. node)
                redis.call('SREM', KEYS[1], node)
                purged[#purged + 1] = node
              end
            end
            return purged
            """;

    private final Function<List<Request>, Future<List<Response>>> batch;
    private final Function<Request, Future<Response>> send;
    private final RedisKeys keys;
    private final String swarmPrefix;
    private final String heldPrefix;
    private final String nodeId;
    /** Swarms this node may hold a non-empty share of: what {@link #withdraw} has to empty. */
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private final AtomicLong writeOperations = new AtomicLong();
    private final AtomicLong readOperations = new AtomicLong();

    RedisDirectory(RedisKeys keys, String nodeId, Function<List<Request>, Future<List<Response>>> batch,
            Function<Request, Future<Response>> send) {
        this.keys = keys;
        this.swarmPrefix = keys.swarmPrefix();
        this.heldPrefix = keys.heldPrefix();
        this.nodeId = nodeId;
        this.batch = batch;
        this.send = send;
    }

    /**
     * Sets this node's shares in one pipelined batch (one round trip): an HSET or HDEL per swarm, then
     * one SADD and one SREM on the held set. A publish larger than {@link #MAX_BATCH_COMMANDS} is split.
     */
    Future<Void> publish(Map<String, NodeShare> shares) {
        if (shares.isEmpty()) {
            return Future.succeededFuture();
        }
        List<Future<?>> writes = new ArrayList<>();
        List<Map.Entry<String, NodeShare>> entries = List.copyOf(shares.entrySet());
        int perBatch = MAX_BATCH_COMMANDS - 2;
        for (int from = 0; from < entries.size(); from += perBatch) {
            List<Map.Entry<String, NodeShare>> part = entries.subList(from, Math.min(entries.size(), from + perBatch));
            track(part);
            writeOperations.incrementAndGet();
            writes.add(batch.apply(writesOf(part)).onFailure(error -> keepTrackingRemovals(part)));
        }
        return Future.all(writes).mapEmpty();
    }

    private List<Request> writesOf(List<Map.Entry<String, NodeShare>> part) {
        List<Request> commands = new ArrayList<>(part.size() + 2);
        Request added = Request.cmd(Command.SADD).arg(heldPrefix + nodeId);
        Request removed = Request.cmd(Command.SREM).arg(heldPrefix + nodeId);
        boolean anyAdded = false;
        boolean anyRemoved = false;
        for (Map.Entry<String, NodeShare> entry : part) {
            String swarm = entry.getKey();
            NodeShare share = entry.getValue();
            if (share.isEmpty()) {
                commands.add(Request.cmd(Command.HDEL).arg(swarmPrefix + swarm).arg(nodeId));
                removed.arg(swarm);
                anyRemoved = true;
            } else {
                commands.add(Request.cmd(Command.HSET).arg(swarmPrefix + swarm).arg(nodeId).arg(encode(share)));
                added.arg(swarm);
                anyAdded = true;
            }
        }
        if (anyAdded) {
            commands.add(added);
        }
        if (anyRemoved) {
            commands.add(removed);
        }
        return commands;
    }

    /** Empties every share this node holds; done when the removals are visible to readers. */
    Future<Void> withdraw() {
        Map<String, NodeShare> empty = new HashMap<>();
        held.forEach(swarm -> empty.put(swarm, NodeShare.NONE));
        return publish(empty);
    }

    /**
     * The stored shares of every swarm in {@code swarms}, of the nodes {@code include} accepts; a
     * swarm nobody holds maps to an empty map. One pipelined HGETALL per swarm, so one round trip
     * per {@link #MAX_BATCH_COMMANDS} swarms.
     */
    Future<Map<String, Map<String, NodeShare>>> readEach(Set<String> swarms, Predicate<String> include) {
        List<String> ordered = List.copyOf(swarms);
        List<Future<List<Response>>> parts = new ArrayList<>();
        for (int from = 0; from < ordered.size(); from += MAX_BATCH_COMMANDS) {
            List<Request> reads = new ArrayList<>();
            for (String swarm : ordered.subList(from, Math.min(ordered.size(), from + MAX_BATCH_COMMANDS))) {
                reads.add(Request.cmd(Command.HGETALL).arg(swarmPrefix + swarm));
            }
            readOperations.incrementAndGet();
            parts.add(batch.apply(reads));
        }
        return Future.all(parts).map(done -> {
            Map<String, Map<String, NodeShare>> bySwarm = new HashMap<>(ordered.size() * 2);
            int i = 0;
            for (Future<List<Response>> part : parts) {
                for (Response stored : part.result()) {
                    bySwarm.put(ordered.get(i++), sharesIn(stored, include));
                }
            }
            return bySwarm;
        });
    }

    private static Map<String, NodeShare> sharesIn(Response stored, Predicate<String> include) {
        Map<String, NodeShare> shares = new HashMap<>();
        fields(stored).forEach((node, value) -> {
            if (include.test(node)) {
                shares.put(node, decode(value));
            }
        });
        return shares;
    }

    /** Every node id the store holds for {@code swarm}, live or not. */
    Future<Set<String>> storedNodes(String swarm) {
        return send.apply(Request.cmd(Command.HKEYS).arg(swarmPrefix + swarm)).map(keys -> {
            Set<String> nodes = new HashSet<>();
            if (keys != null) {
                keys.forEach(key -> nodes.add(key.toString()));
            }
            return nodes;
        });
    }

    /** Removes every known node that is no longer live from every swarm it held, in one script call. */
    Future<List<String>> purgeDeparted() {
        return send.apply(Request.cmd(Command.EVAL).arg(PURGE_DEPARTED_SCRIPT).arg(2)
                .arg(keys.knownNodes()).arg(keys.liveNodes()).arg(heldPrefix).arg(swarmPrefix).arg(keys.nearPrefix())).map(purged -> {
                    List<String> ids = new ArrayList<>();
                    if (purged != null) {
                        purged.forEach(id -> ids.add(id.toString()));
                    }
                    return ids;
                });
    }

    /** Pipelined batches sent by {@link #publish} so far: one per publish below the batch limit. */
    long writeOperations() {
        return writeOperations.get();
    }

    /** Pipelined batches sent by {@link #readEach} so far: one per call below the batch limit. */
    long readOperations() {
        return readOperations.get();
    }

    /** HGETALL's reply as field → value: a map in RESP3, alternating fields and values in RESP2. */
    static Map<String, String> fields(Response stored) {
        Map<String, String> fields = new HashMap<>();
        if (stored == null) {
            return fields;
        }
        Set<String> keys = stored.getKeys();
        if (!keys.isEmpty()) {
            keys.forEach(key -> fields.put(key, stored.get(key).toString()));
        } else {
            for (int i = 0; i + 1 < stored.size(); i += 2) {
                fields.put(stored.get(i).toString(), stored.get(i + 1).toString());
            }
        }
        return fields;
    }

    static String encode(NodeShare share) {
        return share.complete() + "," + share.incomplete() + "," + share.downloaded();
    }

    static NodeShare decode(String value) {
        String[] counts = value.split(",", 3);
        return new NodeShare(Integer.parseInt(counts[0]), Integer.parseInt(counts[1]), Long.parseLong(counts[2]));
    }

    private void track(List<Map.Entry<String, NodeShare>> part) {
        part.forEach(entry -> {
            if (entry.getValue().isEmpty()) {
                held.remove(entry.getKey());
            } else {
                held.add(entry.getKey());
            }
        });
    }

    /** A removal that may not have happened stays on the list, so a later withdraw tries it again. */
    private void keepTrackingRemovals(List<Map.Entry<String, NodeShare>> part) {
        part.forEach(entry -> {
            if (entry.getValue().isEmpty()) {
                held.add(entry.getKey());
            }
        });
    }
}
