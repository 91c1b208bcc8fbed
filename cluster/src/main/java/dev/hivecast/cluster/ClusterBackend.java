package dev.hivecast.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The cluster as one tracker node sees it: a swarm directory (for each swarm, which nodes hold
 * members and how many) and node-to-node delivery. Chosen by {@code cluster.backend}; every
 * implementation passes the same contract test.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li><b>Directory writes</b> are whole-share replacements: {@link #publish} sets this node's
 *       {@link NodeShare} of each swarm given, and an {@linkplain NodeShare#isEmpty() empty} share
 *       removes the node from that swarm. A node writes only its own shares, so writes from
 *       different nodes never conflict. Callers batch: one call per publish interval with every
 *       swarm that changed, never one per announce.</li>
 *   <li><b>Directory reads</b> ({@link #sharesOf}, {@link #sharesOfEach}) return the shares other
 *       nodes published, as of their last completed publish; a publish is visible to every reader
 *       once its future completed. Shares of nodes that are not {@linkplain #liveNodes() live} are never returned,
 *       even before they are purged from the store. The caller's own share is not returned (the
 *       caller knows it exactly).</li>
 *   <li><b>Dead nodes</b>: a node that stops heart-beating is declared dead within the backend's
 *       failure timeout (documented per backend, at most 10 s by default);
 *       {@link ClusterListener#nodeLeft} is called on every survivor and its shares disappear from
 *       reads at once. The store is purged of them soon after, by one survivor.</li>
 *   <li><b>Delivery</b> ({@link #send}) is at most once, unordered across calls, with no reply:
 *       a payload to a node that is dead, unknown or unreachable is dropped without error. The
 *       payload is opaque bytes; the tracker defines its format.</li>
 *   <li><b>Republish</b>: when the directory may have lost shares (split brain healed, store
 *       restarted), {@link ClusterListener#republishNeeded} asks the node to publish all of its
 *       shares again; the tracker also does so periodically, so a lost write heals by itself.</li>
 *   <li><b>Leaving</b>: {@link #withdraw} removes every share of this node and completes when the
 *       removal is visible to readers; then {@link #close} leaves the cluster.</li>
 * </ul>
 * Nothing here blocks the calling thread: every call returns at once or a {@link Future}.
 */
public interface ClusterBackend {

    /**
     * Joins the cluster and creates the Vert.x instance the tracker runs on (a clustered one when
     * the backend's delivery needs it). {@code listener} receives this node's payloads and the
     * cluster's events from then on.
     */
    Future<Vertx> start(VertxOptions options, ClusterListener listener);

    /** This node's id in the cluster; stable from {@link #start} to {@link #close}. */
    String nodeId();

    /** Ids of the nodes currently live, this one included. */
    Set<String> liveNodes();

    /** Sets this node's share of each swarm in {@code shares} (keys: info_hash as 40 hex digits). */
    Future<Void> publish(Map<String, NodeShare> shares);

    /** The shares other live nodes hold of {@code swarm}, by node id; empty when none. */
    Future<Map<String, NodeShare>> sharesOf(String swarm);

    /**
     * {@link #sharesOf} for many swarms in one round trip to the store (per member that owns any of
     * them, for Hazelcast): every swarm given is a key of the result. What a node that refreshes its
     * views of hundreds of swarms calls, instead of one read each.
     */
    Future<Map<String, Map<String, NodeShare>>> sharesOfEach(Set<String> swarms);

    /**
     * Sets this node's locality summary of each swarm in {@code summaries} (keys: info_hash as 40 hex
     * digits; an empty summary removes it). Opaque strings, kept apart from the shares (their own
     * map or keys), so nodes of a release without locality across the cluster never read them and
     * their absence means "this node publishes none". Same batching and visibility as
     * {@link #publish}; {@link #withdraw} removes them too. With no other node: nothing to do.
     */
    default Future<Void> publishSummaries(Map<String, String> summaries) {
        return Future.succeededFuture();
    }

    /**
     * The summaries other live nodes published of each swarm in {@code swarms}, by node id: every
     * swarm given is a key of the result, mapping to an empty map when none published one.
     */
    default Future<Map<String, Map<String, String>>> summariesOfEach(Set<String> swarms) {
        Map<String, Map<String, String>> none = new HashMap<>(swarms.size() * 2);
        swarms.forEach(swarm -> none.put(swarm, Map.of()));
        return Future.succeededFuture(none);
    }

    /** Delivers {@code payload} to node {@code nodeId}, at most once. */
    void send(String nodeId, Buffer payload);

    /**
     * Claims a peer_id in a swarm for {@code claimant}, a hold of this node, under the binding rule
     * across nodes (docs/protocol.md#identity): true when the claimant holds it now, because it was
     * free, held by a node that is not live, by this node (whose own table decided already) or by
     * the same client address on another node (which hears {@link ClusterListener#peerIdTakenOver});
     * false when a live node holds it for another client. One round trip to the store per claim.
     * A lone node holds every claim. Fails when the store cannot be reached.
     */
    default Future<Boolean> claimPeerId(PeerIdHold claimant) {
        return Future.succeededFuture(true);
    }

    /** Gives {@code hold} up, unless another hold has taken the peer_id over meanwhile. At most once, no reply. */
    default void releasePeerId(PeerIdHold hold) {
    }

    /** Removes every share of this node from the directory (the first step of a drain). */
    Future<Void> withdraw();

    /** Leaves the cluster and closes the Vert.x instance made by {@link #start}. */
    Future<Void> close();

    /** Where this backend runs: {@code local} for the in-memory single node. */
    String name();
}
