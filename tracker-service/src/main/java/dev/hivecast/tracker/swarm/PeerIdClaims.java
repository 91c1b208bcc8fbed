package dev.hivecast.tracker.swarm;

import dev.hivecast.protocol.InfoHash;
import dev.hivecast.protocol.PeerId;
import java.util.concurrent.ConcurrentHashMap;

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
 * of held members, nearly all of the traffic, never touch it. Across the nodes of a cluster there
 * is no such table: each node applies the rule to its own connections only.
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

        private Hold(Connection connection) {
            this.connection = connection;
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

    /**
     * Claims ({@code infoHash}, {@code peerId}) for {@code claimant} under the binding rule: free,
     * or held by a closed connection or one from the same client address, it becomes the
     * claimant's; held by an open connection of another client, it stays that one's.
     *
     * @param join false for a {@code stopped}: a free peer_id stays free
     */
    Claim claim(InfoHash infoHash, PeerId peerId, Connection claimant, boolean join) {
        Key key = new Key(infoHash, peerId);
        Hold mine = new Hold(claimant);
        Hold held = join ? holds.putIfAbsent(key, mine) : holds.get(key);
        while (held != null && held.connection != claimant) {
            if (held.connection.isOpen() && !held.connection.sameClientAs(claimant)) {
                return new Claim(Result.REFUSED, held, null);
            }
            if (holds.replace(key, held, mine)) {
                return new Claim(Result.TAKEN_OVER, held, mine);
            }
            held = join ? holds.putIfAbsent(key, mine) : holds.get(key); // it changed meanwhile
        }
        return Claim.HELD;
    }

    /** Gives the peer_id up, unless another connection has taken it over meanwhile. */
    void release(InfoHash infoHash, PeerId peerId, Connection owner) {
        holds.computeIfPresent(new Key(infoHash, peerId), (k, held) -> held.connection == owner ? null : held);
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
