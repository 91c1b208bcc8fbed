package dev.hivecast.tracker.swarm;

/**
 * Where an announce's offers go when the swarm spans several event loops or nodes.
 * Measured trade-off in the README ("Run a cluster").
 */
public enum OfferRouting {
    /**
     * Members on the offerer's own event loop first, then the rest of its node, then other nodes:
     * the cheapest (most offers never cross a thread or the network); with nodes per region it
     * also keeps peers near each other.
     */
    LOCAL_FIRST,
    /**
     * Every member of the swarm, cluster-wide, equally likely: the best mixing, and the most
     * cross-node traffic (with k equal nodes, about (k-1)/k of the offers cross).
     */
    UNIFORM
}
