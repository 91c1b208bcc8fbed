package dev.hivecast.tracker.swarm;

import dev.hivecast.protocol.Event;

/**
 * One step of a generated connection against a node's swarm engine, in small index spaces so that
 * steps collide: a few connections, swarms, peer_ids, client addresses and offer_ids. Indexes out
 * of range are taken modulo the live choices by {@link ModelledNode}, so any sequence is valid.
 */
sealed interface SwarmOp {

    int SWARMS = 3;
    int PEERS = 5;
    int ADDRESSES = 3;
    int MAX_CONNECTIONS = 6;
    int OFFER_IDS = 8;

    /** A new connection on {@code loop} from client address {@code address}. */
    record Open(int loop, int address) implements SwarmOp {
    }

    /**
     * An announce without answer; {@code offers} offers (at most 20, the codec's cap) with ids
     * from {@code firstOfferId} on, wrapping around the few ids there are.
     */
    record Announce(int conn, int swarm, int peer, Event event, boolean complete, int numwant, int offers,
                    int firstOfferId) implements SwarmOp {
    }

    /**
     * An answer. With {@code toReceivedOffer} it answers offer number {@code offer} of those the
     * connection received (a well-behaved client); otherwise the ids are made up (a spoofer).
     */
    record Answer(int conn, boolean toReceivedOffer, int offer, int swarm, int peer, int toPeer, int offerId)
            implements SwarmOp {
    }

    /** A scrape of the swarms in {@code swarmMask}, or a full scrape. */
    record Scrape(int conn, int swarmMask, boolean full) implements SwarmOp {
    }

    /** The connection closes (client or server side: the engine sees the same call). */
    record Close(int conn) implements SwarmOp {
    }

    /** Time passes, then the sweep timer fires. */
    record AdvanceAndSweep(int seconds) implements SwarmOp {
    }

    /**
     * The oldest work in flight to {@code loop} (a takeover, a handover, forwarded offers) is
     * handled: how the event loops interleave, in runs that do not settle after every step.
     * Settled runs have nothing in flight, and ignore it.
     */
    record Deliver(int loop) implements SwarmOp {
    }
}
