package dev.hivecast.tracker.swarm;

import dev.hivecast.protocol.InfoHash;
import dev.hivecast.protocol.PeerId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The membership bookkeeping of one loop: its slices, its open connections, and who is a member
 * where. Every join, move and leave goes through here, so the slice, the connection's list, the
 * node-wide {@link SliceDirectory}, the peer_id claims and this loop's counts change together.
 * On its loop's thread only; the counts are volatile so that /stats and the metrics may read them.
 */
final class LoopSlices {

    private final int loopIndex;
    private final SliceDirectory directory;
    private final PeerIdClaims claims;
    private final long peerTtl;
    private final HashMap<InfoHash, SwarmSlice> slices = new HashMap<>();
    private final Set<Connection> connections = new HashSet<>();
    private volatile int memberCount;
    private volatile int completeCount;

    LoopSlices(int loopIndex, SliceDirectory directory, long peerTtlNanos) {
        this.loopIndex = loopIndex;
        this.directory = directory;
        this.claims = directory.claims();
        this.peerTtl = peerTtlNanos;
    }

    /** The slices by swarm, for the relay to read (never write). */
    Map<InfoHash, SwarmSlice> byInfoHash() {
        return slices;
    }

    SwarmSlice get(InfoHash infoHash) {
        return slices.get(infoHash);
    }

    void open(Connection connection) {
        connections.add(connection);
    }

    void close(Connection connection) {
        if (!connections.remove(connection)) {
            return;
        }
        connection.markClosed();
        for (Member m : new ArrayList<>(connection.memberships())) {
            leave(m);
        }
    }

    Member bind(Connection connection, InfoHash infoHash, PeerId peerId, boolean complete, long now) {
        // One member per (connection, swarm): a client that changes its peer_id replaces itself
        // instead of inflating the swarm (docs/protocol.md#h58).
        Member previous = connection.membershipIn(infoHash);
        if (previous != null) {
            leave(previous);
        }
        SwarmSlice slice = slices.get(infoHash);
        if (slice == null) {
            slice = new SwarmSlice(infoHash);
            slices.put(infoHash, slice);
            directory.attach(infoHash, loopIndex, slice);
        }
        Member m = slice.add(peerId, connection, complete, now + peerTtl);
        directory.changed(infoHash);
        connection.memberships().add(m);
        memberCount++;
        if (complete) {
            completeCount++;
        }
        return m;
    }

    /** {@code m} moves to {@code connection}, replacing that connection's own member of the swarm. */
    void rebind(Member m, Connection connection) {
        m.connection.memberships().remove(m);
        Member previous = connection.membershipIn(m.slice.infoHash());
        if (previous != null) {
            leave(previous);
        }
        m.connection = connection;
        connection.memberships().add(m);
    }

    void leave(Member m) {
        SwarmSlice slice = m.slice;
        claims.release(slice.infoHash(), m.peerId, m.connection);
        slice.remove(m);
        directory.changed(slice.infoHash());
        m.connection.memberships().remove(m);
        memberCount--;
        if (m.complete) {
            completeCount--;
        }
        if (slice.size() == 0) {
            dropSlice(slice);
        }
    }

    /** A member announced it is complete. */
    void markComplete(Member m) {
        m.slice.markComplete(m);
        completeCount++;
        directory.changed(m.slice.infoHash());
    }

    /** A member taken over from another loop was complete there, and stays so. */
    void restoreComplete(Member m) {
        m.slice.restoreComplete(m);
        completeCount++;
        directory.changed(m.slice.infoHash());
    }

    private void dropSlice(SwarmSlice slice) {
        slices.remove(slice.infoHash());
        directory.detach(slice.infoHash(), loopIndex, slice);
    }

    LoopSwarms.SweepResult sweep(long now) {
        int expired = 0;
        int emptied = 0;
        for (SwarmSlice slice : new ArrayList<>(slices.values())) {
            int before = slice.complete();
            int removed = slice.sweepExpired(now, m -> claims.release(slice.infoHash(), m.peerId, m.connection));
            if (removed > 0) {
                expired += removed;
                memberCount -= removed;
                completeCount -= before - slice.complete();
                directory.changed(slice.infoHash());
                if (slice.size() == 0) {
                    dropSlice(slice);
                    emptied++;
                }
            }
        }
        int expiredOffers = 0;
        for (Connection c : connections) {
            expiredOffers += c.pendingOffers().sweep(now);
        }
        return new LoopSwarms.SweepResult(expired, emptied, expiredOffers);
    }

    int evict(Predicate<InfoHash> refused) {
        int evicted = 0;
        for (SwarmSlice slice : new ArrayList<>(slices.values())) {
            if (refused.test(slice.infoHash())) {
                for (Member m : slice.snapshot()) {
                    leave(m);
                    evicted++;
                }
            }
        }
        return evicted;
    }

    int connectionCount() {
        return connections.size();
    }

    int memberCount() {
        return memberCount;
    }

    int completeCount() {
        return completeCount;
    }

    int sliceCount() {
        return slices.size();
    }

    List<Connection> openConnections() {
        return new ArrayList<>(connections);
    }
}
