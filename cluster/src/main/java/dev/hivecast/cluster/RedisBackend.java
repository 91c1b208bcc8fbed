package dev.hivecast.cluster;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ForkJoinPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Many nodes sharing one Redis server (6.2 or later, standalone), each on a plain, unclustered Vert.x.
 * The swarm directory is described in {@link RedisDirectory}; payloads travel over Redis pub/sub, to
 * the channel {@code {cluster}:node:<nodeId>}, which each node listens to on a subscriber connection
 * of its own. Pub/sub keeps nothing for a subscriber that is not listening, so delivery is at most once.
 * Who holds each peer_id of each swarm is in {@link RedisPeerIds}.
 *
 * <p><b>Liveness</b>: every {@link BackendSettings#heartbeat()} a node runs one script that, on the
 * Redis clock (so node clocks may drift), drops the entries of {@code {cluster}:nodes} (a sorted set
 * scored by expiry time) that have expired, re-adds this node with expiry now + failure timeout,
 * refreshes the key {@code {cluster}:node:<nodeId>} ({@code SET PX failureTimeout}) and returns the
 * live ids. {@link #liveNodes()} is that cached answer. <b>Failure timeout</b>: a node that stops
 * heart-beating is dropped once {@link BackendSettings#failureTimeout()} has passed since its last
 * beat, and every survivor notices on its next tick, so within failure timeout + one heartbeat.
 * A node that finds it had been dropped itself (a long pause, a restarted Redis) asks for a republish.
 *
 * <p><b>Purge</b>: after each of its beats, the live node with the lowest id (every node agrees
 * without talking) runs one script that removes every departed node's fields, found as the nodes
 * that have beaten but are no longer live ({@link RedisDirectory#purgeDeparted}). A purge that the
 * lowest node could not finish, because it died too, is done by the next lowest on its next beat.
 *
 * <p><b>Connection loss</b>: the listener hears {@link ClusterListener#storeConnectionLost} and,
 * once back, {@link ClusterListener#storeConnectionRestored}. {@link RedisLink} reconnects with a
 * backoff capped at one second; calls fail at once meanwhile, and the other nodes declare this one
 * dead if the outage outlasts the failure timeout. Once back, the node beats at once; if the store
 * had lost it (declared dead meanwhile, or a restarted Redis without persistence, which loses the
 * whole directory) that beat re-adds it and asks for a republish. The beat that re-adds a node
 * reports no departures: after a restart the live set holds only the nodes that have beaten since,
 * so absence means nothing yet; a node really gone is reported on the next beat. A publish is a
 * pipeline, not a transaction: one cut by a connection loss may be half applied, which the
 * republish after reconnecting repairs (a publish that failed is retried by the tracker anyway).
 *
 * <p><b>Connection</b> ({@link RedisEndpoint}): one standalone Redis, plain or TLS, with a password
 * and a database number if wanted. The database separates the directory's keys only: pub/sub
 * channels are server-wide, which is harmless since every channel carries a random node id.
 * Sentinel and Redis Cluster are not supported: a failover behind one endpoint looks to the nodes
 * like a Redis restart, which they ride out as above.
 */
public final class RedisBackend implements ClusterBackend {

    /**
     * Commands one connection may have waiting for a reply: a whole publish batch plus the reads in
     * flight. The client allocates a queue this long per connection.
     */
    static final int MAX_WAITING_COMMANDS = 2 * RedisDirectory.MAX_BATCH_COMMANDS;

    private static final Logger LOG = LoggerFactory.getLogger(RedisBackend.class);

    /**
     * KEYS[1] the live-node sorted set, KEYS[2] this node's heartbeat key, KEYS[3] the known-node
     * set; ARGV[1] node id, ARGV[2] failure timeout in ms. Returns {1 if this node had to be added
     * anew, live node ids}. TIME before writes is allowed since Redis 5 replicates a script's
     * effects, not the script.
     */
    private static final String HEARTBEAT_SCRIPT = """
            local time = redis.call('TIME')
            local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. now)
            local added = redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
            redis.call('SET', KEYS[2], '1', 'PX', ARGV[2])
            redis.call('SADD', KEYS[3], ARGV[1])
            return {added, redis.call('ZRANGE', KEYS[1], 0, -1)}
            """;

    private final BackendSettings settings;
    private final String nodeId = UUID.randomUUID().toString();
    private final RedisKeys keys;
    private volatile Joined joined;
    private volatile Set<String> live = Set.of();
    /** Set by {@link #crash()}: the connections are gone, so {@link #close()} only closes Vert.x. */
    private volatile boolean crashed;

    /** What exists once the node is connected; {@code context} is where the listener is called. */
    private record Joined(Vertx vertx, Context context, ClusterListener listener, RedisLink link,
            RedisDirectory directory, RedisSummaries summaries, RedisPeerIds peerIds, long heartbeatTimer) {
    }

    public RedisBackend(BackendSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.keys = new RedisKeys(settings.clusterName());
    }

    @Override
    public Future<Vertx> start(VertxOptions options, ClusterListener listener) {
        Vertx vertx = Vertx.vertx(options);
        Context context = vertx.getOrCreateContext();
        Promise<Vertx> started = Promise.promise();
        context.runOnContext(ignored -> connect(vertx, context, listener).onComplete(started));
        return started.future().recover(error -> vertx.close().transform(closed -> Future.failedFuture(error)));
    }

    private Future<Vertx> connect(Vertx vertx, Context context, ClusterListener listener) {
        Redis client = Redis.createClient(vertx, settings.redis().toOptions()
                .setMaxWaitingHandlers(MAX_WAITING_COMMANDS));
        RedisLink link = new RedisLink(vertx, client, keys.nodeChannel(nodeId),
                payload -> onContext(context, () -> listener.received(payload)),
                keys.noticePrefix() + nodeId,
                notice -> onContext(context, () -> PeerIdHold.deliverNotice(notice, listener)));
        RedisDirectory directory = new RedisDirectory(keys, nodeId, link::batch, link::send);
        RedisPeerIds peerIds = new RedisPeerIds(keys, nodeId, link::send);
        // The first beat is the first command: a missing password shows there (NOAUTH), not at connect.
        return link.connect()
                .compose(connected -> heartbeat(context, link, directory, peerIds, listener, true))
                .recover(error -> Future.failedFuture(new IllegalStateException("could not connect to Redis at "
                        + settings.redis().redactedUrl() + ": " + error.getMessage(), error)))
                .onFailure(error -> link.close())
                .map(firstBeat -> {
                    long timer = vertx.setPeriodic(settings.heartbeat().toMillis(), tick -> {
                        if (link.isUp()) {
                            heartbeat(context, link, directory, peerIds, listener, false);
                        }
                    });
                    joined = new Joined(vertx, context, listener, link, directory,
                            new RedisSummaries(keys, nodeId, link::batch), peerIds, timer);
                    // Back after a loss: beat at once. If the store lost this node (a restarted Redis,
                    // or it was declared dead meanwhile) the beat re-adds it and asks for a
                    // republish; the periodic beat may win that race, and only the first beat to
                    // re-add the node asks, so the republish is asked for once.
                    link.onLost(() -> onContext(context, listener::storeConnectionLost));
                    link.onReconnected(() -> {
                        onContext(context, listener::storeConnectionRestored);
                        heartbeat(context, link, directory, peerIds, listener, false);
                    });
                    return vertx;
                });
    }

    /** Runs {@code call} on {@code context}: the listener is only ever called there, one call at a time. */
    private static void onContext(Context context, Runnable call) {
        if (Vertx.currentContext() == context) {
            call.run();
        } else {
            context.runOnContext(ignored -> call.run());
        }
    }

    /** One beat: refresh this node, read the live set, report departures, purge if it falls to us. */
    private Future<Void> heartbeat(Context context, RedisLink link, RedisDirectory directory,
            RedisPeerIds peerIds, ClusterListener listener, boolean first) {
        Request beat = Request.cmd(Command.EVAL).arg(HEARTBEAT_SCRIPT).arg(3)
                .arg(keys.liveNodes()).arg(keys.nodeChannel(nodeId)).arg(keys.knownNodes())
                .arg(nodeId).arg(settings.failureTimeout().toMillis());
        return link.send(beat).onSuccess(reply -> onContext(context, () -> {
            boolean readded = reply.get(0).toLong() == 1L;
            Set<String> now = new HashSet<>();
            reply.get(1).forEach(id -> now.add(id.toString()));
            Set<String> before = live;
            if (readded && !first) {
                LOG.warn("This node had been dropped from the live nodes of cluster '{}': publishing again",
                        settings.clusterName());
                now.addAll(before); // the others may not have beaten since a restart: judge them next beat
                live = Set.copyOf(now);
                listener.republishNeeded();
                return;
            }
            live = Set.copyOf(now);
            for (String departed : before) {
                if (!now.contains(departed)) {
                    listener.nodeLeft(departed);
                }
            }
            if (nodeId.equals(Collections.min(now))) {
                purgeDeparted(directory);
                peerIds.purgeDeparted().onFailure(error -> LOG.warn("Could not purge the peer_id holds of "
                        + "departed nodes; claims treat them as free anyway", error));
            }
        })).onFailure(error -> LOG.warn("Heartbeat to Redis failed; other nodes drop this one after {} ms",
                settings.failureTimeout().toMillis(), error)).mapEmpty();
    }

    /** Run by the live node with the lowest id after each of its beats: one cheap script when nobody left. */
    private void purgeDeparted(RedisDirectory directory) {
        directory.purgeDeparted()
                .onSuccess(purged -> purged.forEach(id -> LOG.info("Purged departed node {} from the directory", id)))
                .onFailure(error -> LOG.warn("Could not purge departed nodes; reads skip them anyway", error));
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    @Override
    public Set<String> liveNodes() {
        started();
        return live;
    }

    @Override
    public Future<Void> publish(Map<String, NodeShare> shares) {
        return started().directory().publish(shares);
    }

    @Override
    public Future<Map<String, NodeShare>> sharesOf(String swarm) {
        return sharesOfEach(Set.of(swarm)).map(bySwarm -> bySwarm.get(swarm));
    }

    @Override
    public Future<Map<String, Map<String, NodeShare>>> sharesOfEach(Set<String> swarms) {
        Set<String> liveNow = live;
        return started().directory().readEach(swarms, node -> !node.equals(nodeId) && liveNow.contains(node));
    }

    @Override
    public Future<Void> publishSummaries(Map<String, String> summaries) {
        return started().summaries().publish(summaries);
    }

    @Override
    public Future<Map<String, Map<String, String>>> summariesOfEach(Set<String> swarms) {
        Set<String> liveNow = live;
        return started().summaries().readEach(swarms, node -> !node.equals(nodeId) && liveNow.contains(node));
    }

    @Override
    public void send(String nodeId, Buffer payload) {
        if (live.contains(nodeId)) {
            started().link().send(Request.cmd(Command.PUBLISH).arg(keys.nodeChannel(nodeId)).arg(payload))
                    .onFailure(error -> LOG.debug("Dropped a payload to node {}", nodeId, error));
        }
    }

    @Override
    public Future<Boolean> claimPeerId(PeerIdHold claimant) {
        return started().peerIds().claim(claimant);
    }

    @Override
    public void releasePeerId(PeerIdHold hold) {
        started().peerIds().release(hold);
    }

    @Override
    public Future<Void> withdraw() {
        return Future.join(started().directory().withdraw(), started().summaries().withdraw()).mapEmpty();
    }

    @Override
    public Future<Void> close() {
        Joined node = joined;
        if (node == null) {
            return Future.succeededFuture();
        }
        node.vertx().cancelTimer(node.heartbeatTimer());
        if (crashed) {
            return closeVertxAfter(node.vertx(), Future.succeededFuture());
        }
        Future<?> goodbye = node.link().batch(List.of(
                        Request.cmd(Command.ZREM).arg(keys.liveNodes()).arg(nodeId),
                        Request.cmd(Command.DEL).arg(keys.nodeChannel(nodeId))))
                .onFailure(error -> LOG.warn("Could not leave cluster '{}' cleanly; the others drop this node "
                        + "after the failure timeout", settings.clusterName(), error));
        return closeVertxAfter(node.vertx(), goodbye.transform(done -> node.link().close()));
    }

    /**
     * Closes {@code vertx} once {@code before} is done, calling {@code close()} off its event loops: a
     * close started on one of them reports to that event loop, which is shut down by then, so the
     * returned future would never complete.
     */
    private static Future<Void> closeVertxAfter(Vertx vertx, Future<?> before) {
        return Future.fromCompletionStage(before.transform(done -> Future.succeededFuture())
                .toCompletionStage()
                .thenComposeAsync(done -> vertx.close().toCompletionStage(), ForkJoinPool.commonPool()));
    }

    @Override
    public String name() {
        return BackendSettings.REDIS;
    }

    /** For tests: stops heart-beating and drops both connections without a goodbye, as a crash would. */
    Future<Void> crash() {
        Joined node = started();
        crashed = true;
        node.vertx().cancelTimer(node.heartbeatTimer());
        return node.link().close();
    }

    /** For tests: pipelined batches this node's reads have sent. */
    long directoryReadOperations() {
        return started().directory().readOperations();
    }

    /** For tests: pipelined batches this node's publishes have sent. */
    long directoryWriteOperations() {
        return started().directory().writeOperations();
    }

    /** For tests: the node ids the store holds for {@code swarm}, before any liveness filter. */
    Future<Set<String>> storedNodesOf(String swarm) {
        return started().directory().storedNodes(swarm);
    }

    private Joined started() {
        Joined node = joined;
        if (node == null) {
            throw new IllegalStateException("the redis cluster backend is not started");
        }
        return node;
    }
}
