package dev.hivecast.tracker.swarm;

import dev.hivecast.protocol.AnnounceRequest;
import dev.hivecast.protocol.ErrorResponse;
import dev.hivecast.protocol.InfoHash;
import dev.hivecast.protocol.PeerId;
import dev.hivecast.tracker.swarm.LoopMessage.ClusterClaim;
import dev.hivecast.tracker.swarm.LoopMessage.HandedOver;
import dev.hivecast.tracker.swarm.LoopMessage.TakeOver;
import dev.hivecast.tracker.swarm.LoopMessage.TakenOverElsewhere;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The part of one loop's announce path that moves a peer_id from one hold to another once
 * {@link PeerIdClaims} granted it: the member of a hold on another loop leaves there before the
 * claimant binds ({@link TakeOver}, {@link HandedOver}), a hold new to the cluster waits for its
 * verdict ({@link ClusterClaim}), and a hold another node took over loses its member here
 * ({@link TakenOverElsewhere}). Runs on its loop's thread, as {@link LoopSwarms} does.
 */
final class PeerIdHandOvers {

    private final int loopIndex;
    private final PeerIdClaims claims;
    private final LoopSlices slices;
    private final LongSupplier nanoClock;
    private final LoopSwarms swarms;

    PeerIdHandOvers(int loopIndex, PeerIdClaims claims, LoopSlices slices, LongSupplier nanoClock, LoopSwarms swarms) {
        this.loopIndex = loopIndex;
        this.claims = claims;
        this.slices = slices;
        this.nanoClock = nanoClock;
        this.swarms = swarms;
    }

    /**
     * Taken over from another loop, or from a connection of this one still waiting for a takeover
     * of its own: its member must go first, on its loop, then the claimant binds. True if so, the
     * {@link TakeOver} sent and the claimant's announce to be held back until {@link HandedOver}.
     */
    boolean takeOverFirst(Connection connection, InfoHash infoHash, PeerId peerId, PeerIdClaims.Hold previousHold,
                                  Outbox out) {
        Connection previous = previousHold == null ? null : previousHold.connection;
        if (previous != null && (previous.loop() != loopIndex || previous.awaitsTakeover(infoHash))) {
            out.toLoop(previous.loop(), new TakeOver(infoHash, peerId, previousHold, connection));
            return true;
        }
        return false;
    }

    /** On the previous owner's loop: its member goes, and the claimant's loop hears so. */
    void giveUp(TakeOver t, Outbox out) {
        Connection previous = t.previousConnection();
        if (previous.awaits(t.infoHash(), t.previous())) {
            // The hold taken over is itself a takeover whose member is not here yet: wait for it,
            // or two members would be counted. Only a later hold waits for an earlier one, so
            // waits never form a cycle.
            previous.takenOverMeanwhile(t);
            return;
        }
        SwarmSlice slice = slices.get(t.infoHash());
        Member m = slice == null ? null : slice.get(t.peerId());
        boolean wasComplete = false;
        if (m != null && m.connection == previous) {
            wasComplete = m.complete;
            slices.leave(m); // its claim is the claimant's already: leaving does not release it
        }
        out.toLoop(t.claimant().loop(), new HandedOver(t.infoHash(), t.peerId(), t.claimant(), wasComplete));
    }

    /**
     * On the claimant's loop: the announce held back for the takeover goes on as it would have
     * on one loop, where the member had moved with its completeness; then whoever took the
     * peer_id over meanwhile gets it, and the announces held behind this one run.
     */
    void takeOver(HandedOver h, Outbox out) {
        Connection connection = h.claimant();
        List<AnnounceRequest> held = connection.release(h.infoHash());
        if (connection.isOpen()) {
            // Even for a stop: the member moves first, replacing this connection's other peer_id
            // in the swarm, then leaves, as a rebind and a stop do on one loop.
            swarms.announce(connection, held.get(0), adopt(connection, h, nanoClock.getAsLong()), out);
        } else {
            claims.release(h.infoHash(), h.peerId(), connection); // closed while it waited
        }
        for (TakeOver next : connection.takeOversToRun(h.infoHash())) {
            giveUp(next, out);
        }
        if (connection.isOpen()) {
            for (AnnounceRequest later : held.subList(1, held.size())) {
                swarms.handleAnnounce(connection, later, out);
            }
        }
    }

    /**
     * The cluster's verdict on a hold new to it: the announces held back for it go on (after the
     * takeover of a hold of this node, if that is still to do) or the first is refused as on one node.
     */
    void decided(ClusterClaim c, Outbox out) {
        Connection connection = c.claimant();
        InfoHash infoHash = c.infoHash();
        if (!connection.awaits(infoHash, c.hold())) {
            return; // the verdict on a takeover's new name, told to the cluster: nothing waits for it
        }
        if (c.held()) {
            c.hold().verified = true;
            if (takeOverFirst(connection, infoHash, c.peerId(), c.previous(), out)) {
                return; // still held back, now for the previous hold's member
            }
        } else {
            claims.forget(infoHash, c.peerId(), c.hold());
        }
        List<AnnounceRequest> held = connection.release(infoHash);
        if (!connection.isOpen()) {
            claims.release(infoHash, c.peerId(), connection);
        } else if (c.held()) {
            SwarmSlice slice = slices.get(infoHash);
            Member member = slice == null ? null : slice.get(c.peerId());
            if (member != null && member.connection != connection) {
                slices.rebind(member, connection); // the previous hold's, on this loop: it moves
            }
            swarms.announce(connection, held.get(0), member, out);
        } else {
            out.refuse(connection, new ErrorResponse("announce", infoHash, LoopSwarms.PEER_ID_TAKEN), Outcome.PEER_ID_TAKEN);
        }
        for (TakeOver next : connection.takeOversToRun(infoHash)) {
            giveUp(next, out);
        }
        if (connection.isOpen()) {
            for (AnnounceRequest later : held.subList(1, held.size())) {
                swarms.handleAnnounce(connection, later, out);
            }
        }
    }

    /** The same client reconnected to another node and took its peer_id over: this node's member goes. */
    void takenOverElsewhere(TakenOverElsewhere t) {
        PeerIdClaims.Hold hold = claims.holdWithId(t.infoHash(), t.peerId(), t.hold());
        if (hold == null) {
            return; // released, or taken over on this node, meanwhile
        }
        claims.forget(t.infoHash(), t.peerId(), hold);
        SwarmSlice slice = slices.get(t.infoHash());
        Member m = slice == null ? null : slice.get(t.peerId());
        if (m != null && m.connection == hold.connection) {
            slices.leave(m);
        }
    }

    /** The handed-over peer's member on this loop, complete if it was. */
    private Member adopt(Connection connection, HandedOver h, long now) {
        SwarmSlice slice = slices.get(h.infoHash());
        Member stale = slice == null ? null : slice.get(h.peerId());
        Member m;
        if (stale != null) {
            // Not expected (each takeover waits for the member of the hold it ends), but if another
            // connection's copy is still here, it moves: two members of one peer_id must never be.
            slices.rebind(stale, connection);
            m = stale;
        } else {
            m = slices.bind(connection, h.infoHash(), h.peerId(), false, now);
        }
        if (h.wasComplete() && !m.complete) {
            slices.restoreComplete(m);
        }
        return m;
    }
}
