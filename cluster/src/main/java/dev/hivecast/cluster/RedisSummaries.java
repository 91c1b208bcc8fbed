package dev.hivecast.cluster;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One node's locality summaries in Redis: per swarm a hash {@code {cluster}:near:<info_hash>},
 * field = node id, value = the summary string, beside (never inside) the share hashes, so a node
 * of an older release never reads them. Departed nodes' fields are filtered out of reads at once
 * and removed by the purge script with their shares.
 */
final class RedisSummaries {

    private final Function<List<Request>, Future<List<Response>>> batch;
    private final String nearPrefix;
    private final String nodeId;
    /** Swarms this node published a summary of: what {@link #withdraw} has to remove. */
    private final Set<String> held = ConcurrentHashMap.newKeySet();

    RedisSummaries(RedisKeys keys, String nodeId, Function<List<Request>, Future<List<Response>>> batch) {
        this.batch = batch;
        this.nearPrefix = keys.nearPrefix();
        this.nodeId = nodeId;
    }

    /** One pipelined batch: an HSET per summary, an HDEL per empty one. */
    Future<Void> publish(Map<String, String> summaries) {
        List<Future<?>> writes = new ArrayList<>();
        List<Map.Entry<String, String>> entries = List.copyOf(summaries.entrySet());
        for (int from = 0; from < entries.size(); from += RedisDirectory.MAX_BATCH_COMMANDS) {
            List<Request> commands = new ArrayList<>();
            for (Map.Entry<String, String> e : entries.subList(from,
                    Math.min(entries.size(), from + RedisDirectory.MAX_BATCH_COMMANDS))) {
                if (e.getValue().isEmpty()) {
                    held.remove(e.getKey());
                    commands.add(Request.cmd(Command.HDEL).arg(nearPrefix + e.getKey()).arg(nodeId));
                } else {
                    held.add(e.getKey());
                    commands.add(Request.cmd(Command.HSET).arg(nearPrefix + e.getKey()).arg(nodeId).arg(e.getValue()));
                }
            }
            writes.add(batch.apply(commands));
        }
        return Future.all(writes).mapEmpty();
    }

    Future<Void> withdraw() {
        Map<String, String> empty = new HashMap<>();
        held.forEach(swarm -> empty.put(swarm, ""));
        return publish(empty);
    }

    /** One pipelined HGETALL per swarm, of the nodes {@code include} accepts. */
    Future<Map<String, Map<String, String>>> readEach(Set<String> swarms, Predicate<String> include) {
        List<String> ordered = List.copyOf(swarms);
        List<Future<List<Response>>> parts = new ArrayList<>();
        for (int from = 0; from < ordered.size(); from += RedisDirectory.MAX_BATCH_COMMANDS) {
            List<Request> reads = new ArrayList<>();
            for (String swarm : ordered.subList(from, Math.min(ordered.size(), from + RedisDirectory.MAX_BATCH_COMMANDS))) {
                reads.add(Request.cmd(Command.HGETALL).arg(nearPrefix + swarm));
            }
            parts.add(batch.apply(reads));
        }
        return Future.all(parts).map(done -> {
            Map<String, Map<String, String>> bySwarm = new HashMap<>(ordered.size() * 2);
            int i = 0;
            for (Future<List<Response>> part : parts) {
                for (Response stored : part.result()) {
                    Map<String, String> byNode = new HashMap<>();
                    RedisDirectory.fields(stored).forEach((node, value) -> {
                        if (include.test(node)) {
                            byNode.put(node, value);
                        }
                    });
                    bySwarm.put(ordered.get(i++), byNode);
                }
            }
            return bySwarm;
        });
    }
}
