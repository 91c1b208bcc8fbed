package dev.hivecast.tracker.swarm;

import dev.hivecast.tracker.protocol.AnswerMessage;
import dev.hivecast.tracker.protocol.InfoHash;
import dev.hivecast.tracker.protocol.Offer;
import dev.hivecast.tracker.protocol.PeerId;
import java.util.List;

/** Work one shard hands to another. Immutable: it crosses threads. */
public sealed interface ShardMessage {

    /**
     * Offers this shard's members should receive because the origin shard (or node) had too few
     * members. {@code origin} lets the answer go straight back without a peer_id lookup.
     */
    record ForwardedOffers(InfoHash infoHash, PeerId offerer, OfferOrigin origin, List<Offer> offers)
            implements ShardMessage {
    }

    /**
     * An answer for a session of the receiving shard ({@code target} known from the pairing
     * record), or for whichever member of the swarm holds {@code targetPeerId} (pairing off).
     */
    record ForwardedAnswer(PeerSession target, PeerId targetPeerId, AnswerMessage answer)
            implements ShardMessage {
    }

    /**
     * {@code peerId} just joined {@code infoHash} through {@code claimant} on the origin shard; a
     * shard holding the same peer_id on another live connection from another address refuses it,
     * otherwise drops its stale copy (the peer reconnected).
     */
    record PeerClaim(InfoHash infoHash, PeerId peerId, PeerSession claimant, int originShard)
            implements ShardMessage {
    }

    /** The claim above was refused: undo the join and tell the client. */
    record ClaimRefused(InfoHash infoHash, PeerId peerId, PeerSession claimant) implements ShardMessage {
    }

    /**
     * The stale copy the claim above removed was complete: so is the peer, whatever its next
     * announce said ({@code left} absent or positive), since a complete peer never reverts
     * (PROTOCOL.md section 0), as on a rebind within one shard.
     */
    record ClaimedPeerWasComplete(InfoHash infoHash, PeerId peerId, PeerSession claimant) implements ShardMessage {
    }
}
