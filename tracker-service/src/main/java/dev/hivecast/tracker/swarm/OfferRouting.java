package dev.hivecast.tracker.swarm;

import dev.hivecast.protocol.AnnounceRequest;
import dev.hivecast.protocol.Event;

/**
 * Where an announce's offers go when the swarm spans several event loops or nodes.
 * Measured trade-off in the docs/cluster.md.
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
    UNIFORM;

    /**
     * The local-first rule, in the one place both its users read it: {@code others} members that
     * could take an offer without it leaving (the offerer's own loop for the swarm, this node for
     * the view warm-up) take all {@code wanted} offers, so nothing needs the rest of the swarm.
     */
    public boolean keepsAll(int others, int wanted) {
        return this == LOCAL_FIRST && others >= wanted;
    }

    /**
     * How many of an announce's offers are relayed: none for a stop, a completion or numwant 0;
     * numwant caps them, and all are wanted when it is absent. Offers beyond the swarm's other
     * members are surplus, silently unused.
     */
    public static int offersToRelay(AnnounceRequest announce) {
        if (announce.event() == Event.STOPPED || announce.event() == Event.COMPLETED || announce.numwant() == 0) {
            return 0;
        }
        int offers = announce.offers().size();
        return announce.numwant() > 0 ? Math.min(offers, announce.numwant()) : offers;
    }
}
