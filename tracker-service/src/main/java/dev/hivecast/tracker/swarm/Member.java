package dev.hivecast.tracker.swarm;

import dev.hivecast.protocol.PeerId;

/** One (info_hash, peer_id) in a swarm slice, bound to the connection that announced it. */
final class Member {

    final PeerId peerId;
    final SwarmSlice slice;
    Connection connection;
    boolean complete;
    long expiresAt;
    /** Position in the slice's member array, kept in step by swap-remove. */
    int index;

    Member(PeerId peerId, SwarmSlice slice, Connection connection, boolean complete, long expiresAt) {
        this.peerId = peerId;
        this.slice = slice;
        this.connection = connection;
        this.complete = complete;
        this.expiresAt = expiresAt;
    }

    SwarmSlice slice() {
        return slice;
    }
}
