package dev.hivecast.tracker.swarm;

import dev.hivecast.protocol.InfoHash;
import dev.hivecast.protocol.PeerId;
import dev.hivecast.tracker.locality.LocalityLevel;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Offers a connection received and may still answer, keyed by offer_id: the pairing record that
 * lets an answer go back only to the peer that made the offer, and straight to its connection.
 * Bounded: when full, the oldest offer is forgotten (its answer will then be refused).
 */
final class PendingOffers {

    /** @param receiver the member id the offer was addressed to: the answer is stamped with it */
    record Pending(InfoHash infoHash, PeerId offerer, OfferOrigin origin, PeerId receiver, long expiresAt,
                   int level) {
        /** Without locality: every offer is at level NONE. */
        Pending(InfoHash infoHash, PeerId offerer, OfferOrigin origin, PeerId receiver, long expiresAt) {
            this(infoHash, offerer, origin, receiver, expiresAt, LocalityLevel.NONE.ordinal());
        }
    }

    private final int capacity;
    /** Created on the first offer: most idle connections never receive one. */
    private LinkedHashMap<String, Pending> byOfferId;

    PendingOffers(int capacity) {
        this.capacity = capacity;
    }

    /** What {@link #take} returns for an offer that matched but whose TTL has passed. */
    static final Pending EXPIRED = new Pending(null, null, null, null, 0);

    /** Remembers an offer; true when the receiver was full and its oldest offer was forgotten for it. */
    boolean remember(String offerId, Pending pending) {
        if (byOfferId == null) {
            byOfferId = new LinkedHashMap<>(8, 0.75f) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Pending> eldest) {
                    return size() > capacity;
                }
            };
        }
        int before = byOfferId.size();
        if (byOfferId.put(offerId, pending) != null) {
            // A repeated offer_id (rare): move it to the young end, as a new offer would be.
            byOfferId.remove(offerId);
            byOfferId.put(offerId, pending);
            return false;
        }
        return byOfferId.size() == before;
    }

    /**
     * Takes the pending offer matching all three, once; {@link #EXPIRED} when it matched but its
     * TTL has passed, null when there is none.
     */
    Pending take(String offerId, InfoHash infoHash, PeerId offerer, long now) {
        Pending p = byOfferId == null ? null : byOfferId.get(offerId);
        if (p == null || !p.infoHash().equals(infoHash) || !p.offerer().equals(offerer)) {
            return null;
        }
        byOfferId.remove(offerId);
        return p.expiresAt() - now >= 0 ? p : EXPIRED;
    }

    /** Forgets the offers whose answer can no longer come; returns how many. */
    int sweep(long now) {
        if (byOfferId == null) {
            return 0;
        }
        int expired = 0;
        for (Iterator<Pending> it = byOfferId.values().iterator(); it.hasNext(); ) {
            if (it.next().expiresAt() - now < 0) {
                it.remove();
                expired++;
            }
        }
        return expired;
    }

    /** For checks: the record of {@code offerId}, left in place; null when none. */
    Pending peek(String offerId) {
        return byOfferId == null ? null : byOfferId.get(offerId);
    }

    int size() {
        return byOfferId == null ? 0 : byOfferId.size();
    }
}
