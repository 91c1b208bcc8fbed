package dev.hivecast.tracker.swarm;

/**
 * Where a relayed offer came from, carried with it so the answer goes straight back to the
 * offering connection: no cluster-wide peer_id table is needed.
 */
public sealed interface OfferOrigin {

    /** A connection of this node; its shard is {@code session.shard()}. */
    record Local(Connection session) implements OfferOrigin {
    }

    /** Connection {@code sessionId} of node {@code nodeId}. */
    record Remote(String nodeId, long sessionId) implements OfferOrigin {
    }
}
