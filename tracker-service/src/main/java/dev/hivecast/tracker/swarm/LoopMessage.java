package dev.hivecast.tracker.swarm;

import dev.hivecast.protocol.AnswerMessage;
import dev.hivecast.protocol.InfoHash;
import dev.hivecast.protocol.Offer;
import dev.hivecast.protocol.PeerId;
import dev.hivecast.tracker.locality.Locality;
import java.util.List;

/** Work one loop hands to another. Immutable: it crosses threads. */
public sealed interface LoopMessage {

    /**
     * Offers this loop's members should receive because the origin loop (or node) had too few
     * members. {@code origin} lets the answer go straight back without a peer_id lookup. The
     * first {@code near} offers go to the members nearest the offerer's {@code locality}.
     */
    record ForwardedOffers(InfoHash infoHash, PeerId offerer, OfferOrigin origin, List<Offer> offers,
                           Locality locality, int near) implements LoopMessage {
        /** Without locality: any members of the receiving loop. */
        public ForwardedOffers(InfoHash infoHash, PeerId offerer, OfferOrigin origin, List<Offer> offers) {
            this(infoHash, offerer, origin, offers, Locality.NONE, 0);
        }
    }

    /**
     * An answer for a connection of the receiving loop ({@code target} known from the pairing
     * record), or for whichever member of the swarm holds {@code targetPeerId} (pairing off).
     */
    record ForwardedAnswer(Connection target, PeerId targetPeerId, AnswerMessage answer)
            implements LoopMessage {
    }

    /**
     * {@code claimant} took ({@code infoHash}, {@code peerId}) over from {@code previous}, the hold
     * of a connection of the receiving loop (docs/protocol.md#decisions: the same client reconnected,
     * or the old connection is closed): drop its member, then hand over.
     */
    record TakeOver(InfoHash infoHash, PeerId peerId, PeerIdClaims.Hold previous, Connection claimant)
            implements LoopMessage {
        Connection previousConnection() {
            return previous.connection;
        }
    }

    /**
     * The receiving loop's {@code claimant} may now bind ({@code infoHash}, {@code peerId}): the
     * previous connection's member is gone, and it was complete or not. A complete peer stays
     * complete whatever its next announce says (docs/protocol.md#decisions), as on a rebind within
     * one loop.
     */
    record HandedOver(InfoHash infoHash, PeerId peerId, Connection claimant, boolean wasComplete)
            implements LoopMessage {
    }

    /**
     * A hold new to the cluster, asked of {@link ClusterPeerIds} ({@code held} false until decided),
     * then its verdict, run on the claimant's loop. {@code previous} is the hold of this node it
     * took over, if any: once the cluster agrees, that one's member must go as in {@link TakeOver}.
     */
    record ClusterClaim(InfoHash infoHash, PeerId peerId, PeerIdClaims.Hold hold, PeerIdClaims.Hold previous,
                        boolean held) implements LoopMessage {
        /** Names the hold in the cluster's directory. */
        public long holdId() {
            return hold.id;
        }

        /** The claimant's address: a holder on another node with the same one gives way. */
        public String client() {
            return hold.connection.remoteAddress();
        }

        /** Where the verdict must run. */
        public int loop() {
            return hold.connection.loop();
        }

        public ClusterClaim decided(boolean held) {
            return new ClusterClaim(infoHash, peerId, hold, previous, held);
        }

        Connection claimant() {
            return hold.connection;
        }
    }

    /** A connection of the same client on another node took this node's hold {@code hold} over: its member goes. */
    record TakenOverElsewhere(InfoHash infoHash, PeerId peerId, long hold) implements LoopMessage {
    }
}
