package dev.hivecast.tracker.swarm;

import dev.hivecast.protocol.InfoHash;
import dev.hivecast.protocol.PeerId;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Node-wide: which connection holds each (info_hash, peer_id), so that the binding rule
 * (docs/protocol.md#identity) is decided in one place, at once, whichever event loops the
 * two connections are on. Before this table, a claim on a peer_id held on another loop was bound
 * on the claimant's loop first and refused later by a message from the owner's loop: meanwhile
 * the thief's offers were relayed under the victim's peer_id, and a reconnect was counted twice.
 *
 * <p>Why a table and not a round trip to the owner's loop before every first announce: the table
 * answers the common cases (a new peer_id, a refused thief) in the claimant's own thread with one
 * {@link ConcurrentHashMap} operation (one bin locked, never the map), and only a takeover from a
 * connection on another loop, which must move the member and its counts anyway, pays a hop.
 *
 * <p>Consulted only when a connection announces a (swarm, peer_id) it does not hold yet, and
 * released when that member leaves (stop, close, expiry, eviction, replacement): the re-announces
 * of held members, nearly all of the traffic, never touch it.
 *
 * <p>Across the nodes of a cluster the table decides first, then {@link ClusterPeerIds} (one
 * directory round trip) for a hold that is new to the cluster: free here, or taken over from a
 * hold the cluster never confirmed. A hold the cluster confirmed is {@linkplain Hold#verified
 * verified}; a takeover of it on this node needs no round trip, since the cluster's entry is
 * this node's already, and only tells the cluster whose it is now.
 */
final class PeerIdClaims {

    private record Key(InfoHash infoHash, PeerId peerId) {
    }

    /**
     * One connection's hold on one (info_hash, peer_id), from its claim to its release: a new
     * object per claim, compared by identity, so that a takeover names exactly the hold it ends
     * (the same connection may have let go of the peer_id and claimed it again meanwhile).
     */
    static final class Hold {
        final Connection connection;
        /** Names the hold in the cluster's directory; never reused on this node. */
        final long id;
        /** Set on the claimant's loop once the cluster holds it for this hold (always, on a lone node). */
        volatile boolean verified;

        private Hold(Connection connection, long id, boolean verified) {
            this.connection = connection;
            this.id = id;
            this.verified = verified;
        }
    }

    /** What a claim found: the hold it ended (taken over) or that refused it, and the claimant's. */
    record Claim(Result result, Hold previous, Hold granted) {
        static final Claim HELD = new Claim(Result.HELD, null, null);
    }

    enum Result {
        /** The claimant holds it: it was free, or already the claimant's. */
        HELD,
        /** The claimant holds it now; {@code previous} held it (a closed connection, or the same client). */
        TAKEN_OVER,
        /** {@code previous} holds it: an open connection of another client. */
        REFUSED
    }

    private final ConcurrentHashMap<Key, Hold> holds = new ConcurrentHashMap<>();
    private final AtomicLong lastHold = new AtomicLong();
    /** Null on a lone node. */
    private final ClusterPeerIds cluster;

    PeerIdClaims() {
        this(null);
    }

    PeerIdClaims(ClusterPeerIds cluster) {
        this.cluster = cluster;
    }

    /**
     * Claims ({@code infoHash}, {@code peerId}) for {@code claimant} under the binding rule: free,
     * or held by a closed connection or one from the same client address, it becomes the
     * claimant's; held by an open connection of another client, it stays that one's.
     *
     * @param join false for a {@code stopped}: a free peer_id stays free
     */
    Claim claim(InfoHash infoHash, PeerId peerId, Connection claimant, boolean join) {
        Key key = new Key(infoHash, peerId);
        Hold mine = new Hold(claimant, lastHold.incrementAndGet(), cluster == null);
        Hold held = join ? holds.putIfAbsent(key, mine) : holds.get(key);
        while (held != null && held.connection != claimant) {
            if (held.connection.isOpen() && !held.connection.sameClientAs(claimant)) {
                return new Claim(Result.REFUSED, held, null);
            }
            if (holds.replace(key, held, mine)) {
                mine.verified = held.verified;
                return new Claim(Result.TAKEN_OVER, held, mine);
            }
            held = join ? holds.putIfAbsent(key, mine) : holds.get(key); // it changed meanwhile
        }
        return held == null && join ? new Claim(Result.HELD, null, mine) : Claim.HELD;
    }

    /** True when {@code granted}, a hold {@link #claim} just gave, must wait for the cluster's verdict. */
    boolean mustAskCluster(Hold granted) {
        return cluster != null && granted != null && !granted.verified;
    }

    /** Asks the cluster about a hold; the verdict comes back to its loop as a {@link LoopMessage.ClusterClaim}. */
    void askCluster(InfoHash infoHash, PeerId peerId, Hold granted, Hold previous) {
        cluster.claim(new LoopMessage.ClusterClaim(infoHash, peerId, granted, previous, false));
    }

    /** A verified hold taken over on this node: the cluster's entry names the new hold from now on. */
    void tellCluster(InfoHash infoHash, PeerId peerId, Hold granted) {
        if (cluster != null && granted != null && granted.verified) {
            cluster.claim(new LoopMessage.ClusterClaim(infoHash, peerId, granted, null, false));
        }
    }

    /** Gives the peer_id up, unless another connection has taken it over meanwhile. */
    void release(InfoHash infoHash, PeerId peerId, Connection owner) {
        Hold[] released = new Hold[1];
        holds.computeIfPresent(new Key(infoHash, peerId), (k, held) -> {
            if (held.connection != owner) {
                return held;
            }
            released[0] = held;
            return null;
        });
        if (cluster != null && released[0] != null && released[0].verified) {
            cluster.release(infoHash, peerId, released[0].id, released[0].connection.remoteAddress());
        }
    }

    /** Drops {@code hold} here only: the cluster refused it, or another node took it over. */
    void forget(InfoHash infoHash, PeerId peerId, Hold hold) {
        holds.remove(new Key(infoHash, peerId), hold);
    }

    /** The current hold of the peer_id if its id is {@code id}, else null. */
    Hold holdWithId(InfoHash infoHash, PeerId peerId, long id) {
        Hold held = holds.get(new Key(infoHash, peerId));
        return held != null && held.id == id ? held : null;
    }

    /** For checks: the connection holding the peer_id, or null. */
    Connection owner(InfoHash infoHash, PeerId peerId) {
        Hold held = holds.get(new Key(infoHash, peerId));
        return held == null ? null : held.connection;
    }

    /** How many (info_hash, peer_id) are held on this node: the members of all its loops, once settled. */
    int size() {
        return holds.size();
    }
}
