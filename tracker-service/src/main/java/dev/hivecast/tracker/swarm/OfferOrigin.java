package dev.hivecast.tracker.swarm;

/**
 * Where a relayed offer came from, carried with it so the answer goes straight back to the
 * offering connection: no cluster-wide peer_id table is needed.
 */
public sealed interface OfferOrigin {

    /** A connection of this node; its loop is {@code connection.loop()}. */
    record Local(Connection connection) implements OfferOrigin {
    }

    /** Connection {@code connectionId} of node {@code nodeId}. */
    record Remote(String nodeId, long connectionId) implements OfferOrigin {
    }
}
