package dev.hivecast.tracker.swarm;

import dev.hivecast.protocol.PeerId;
import dev.hivecast.tracker.locality.Locality;
import dev.hivecast.tracker.locality.LocalityLevel;

/** One (info_hash, peer_id) in a swarm slice, bound to the connection that announced it. */
final class Member {

    final PeerId peerId;
    final SwarmSlice slice;
    Connection connection;
    boolean complete;
    long expiresAt;
    /** Position in the slice's member array, kept in step by swap-remove. */
    int index;
    /** Where the member was when it joined; a rebind keeps it (the same client IP). */
    final Locality locality;
    /** Position in each of its {@link NearGroups} groups, by level; null while locality is off. */
    final int[] groupIndex;
    /** The number of the last draw that picked it, so that one draw never picks it twice. */
    int drawMark;

    Member(PeerId peerId, SwarmSlice slice, Connection connection, boolean complete, long expiresAt) {
        this.peerId = peerId;
        this.slice = slice;
        this.connection = connection;
        this.complete = complete;
        this.expiresAt = expiresAt;
        this.locality = connection.locality();
        this.groupIndex = locality == Locality.NONE ? null : new int[LocalityLevel.SHARED];
    }

    SwarmSlice slice() {
        return slice;
    }
}
