package dev.hivecast.tracker.swarm;

import dev.hivecast.protocol.InfoHash;
import dev.hivecast.protocol.PeerId;

/**
 * The binding rule across the nodes of a cluster (docs/protocol.md#identity): who holds each
 * (info_hash, peer_id) on any node. {@link PeerIdClaims} asks it once a claim is free on this
 * node, and the announce waits for the verdict before anything is bound or relayed. A lone node
 * has none: its own table is the whole truth.
 */
public interface ClusterPeerIds {

    /**
     * Asks the cluster whether {@code asked}'s hold may stand; the verdict comes back as
     * {@link LoopMessage.ClusterClaim#decided decided(held)}, run on the claimant's loop.
     */
    void claim(LoopMessage.ClusterClaim asked);

    /** Gives hold {@code hold} of {@code client} up, unless another hold took the peer_id over meanwhile. No reply. */
    void release(InfoHash infoHash, PeerId peerId, long hold, String client);
}
