package dev.hivecast.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicates;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Collection;
import java.util.function.Supplier;

/**
 * The Hazelcast peer_id directory: map {@value #PEER_IDS_MAP}, key {@code <info_hash>:<peer_id>}
 * (40 hex digits each), value {@code <node> <hold> <client>}, both plain strings. Built-in types and
 * built-in operations only, so a member of an older build, which owns some of the map's partitions
 * during a rolling upgrade, serves them without knowing anything about them (docs/upgrades.md).
 *
 * <p>The conditional operations a claim needs ({@code putIfAbsent}, {@code replace(k, old, new)},
 * {@code remove(k, v)}) have no asynchronous form in Hazelcast 5.3 except through an entry
 * processor of our own, which an older member could not run: they run on a Vert.x worker, one
 * partition operation each (two when a stale or reconnected holder is replaced).
 */
final class HazelcastPeerIds {

    static final String PEER_IDS_MAP = "tracker.peer-ids";
    /** Event-bus address prefix of the notice a node gets when another node took one of its holds over. */
    static final String NOTICE_ADDRESS_PREFIX = "tracker.peer-ids.";
    /** A claim racing other claims of the same key gives up after this many rounds and counts as held. */
    private static final int MAX_ROUNDS = 4;

    private final Vertx vertx;
    private final IMap<String, String> holds;
    private final String nodeId;
    private final Supplier<Collection<String>> liveNodes;

    HazelcastPeerIds(Vertx vertx, HazelcastInstance hazelcast, String nodeId, Supplier<Collection<String>> liveNodes) {
        this.vertx = vertx;
        this.holds = hazelcast.getMap(PEER_IDS_MAP);
        this.nodeId = nodeId;
        this.liveNodes = liveNodes;
    }

    Future<Boolean> claim(PeerIdHold claimant) {
        return vertx.executeBlocking(() -> claimNow(claimant), false);
    }

    private boolean claimNow(PeerIdHold claimant) {
        String key = claimant.key();
        String mine = claimant.value();
        for (int round = 0; round < MAX_ROUNDS; round++) {
            String held = holds.putIfAbsent(key, mine);
            if (held == null) {
                return true;
            }
            PeerIdHold holder = PeerIdHold.parse(key, held);
            boolean elsewhere = holder != null && !holder.nodeId().equals(nodeId)
                    && liveNodes.get().contains(holder.nodeId());
            if (elsewhere && !holder.client().equals(claimant.client())) {
                return false;
            }
            if (holds.replace(key, held, mine)) {
                if (elsewhere) {
                    vertx.eventBus().send(NOTICE_ADDRESS_PREFIX + holder.nodeId(), holder.notice());
                }
                return true;
            }
        }
        return true; // the same client claiming from several nodes at once: the last to write holds it
    }

    /** One partition operation: the value names the hold, so only this hold's entry is removed. */
    void release(PeerIdHold hold) {
        vertx.executeBlocking(() -> holds.remove(hold.key(), hold.value()), false);
    }

    /** Removes the holds of a departed node; claims treat them as free already, this only frees the memory. */
    Future<Void> purge(String departedNodeId) {
        return vertx.executeBlocking(() -> {
            holds.removeAll(Predicates.like("this", departedNodeId + " %"));
            return null;
        }, false);
    }
}
