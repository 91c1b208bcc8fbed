package dev.hivecast.tracker.it.cluster;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Every offer a set of peers was sent, by offer_id, with the peer that received it. */
final class Deliveries {

    /** One offer as one peer received it. */
    record Delivery(SwarmPeer receiver, SwarmPeer.Signal offer) {
    }

    private final Map<String, List<Delivery>> byOfferId = new HashMap<>();

    Deliveries(Collection<SwarmPeer> peers) {
        for (SwarmPeer p : peers) {
            for (SwarmPeer.Signal offer : p.offers()) {
                byOfferId.computeIfAbsent(offer.offerId(), id -> new ArrayList<>()).add(new Delivery(p, offer));
            }
        }
    }

    /** Every delivery of that offer_id: one when it was delivered once. */
    List<Delivery> of(String offerId) {
        return byOfferId.getOrDefault(offerId, List.of());
    }

    /**
     * What is wrong with the fate of one offer, or null: it must have been delivered exactly once,
     * in its swarm, from its offerer, to another peer, which answered it back to the offerer.
     */
    String problemWith(String offerId, SwarmPeer offerer) {
        List<Delivery> d = of(offerId);
        if (d.size() != 1) {
            return offerId + " from " + offerer + " delivered " + d.size() + " times: " + d;
        }
        Delivery delivery = d.get(0);
        if (delivery.receiver() == offerer) {
            return offerId + " delivered back to its offerer " + offerer;
        }
        if (!offerer.peerId().equals(delivery.offer().fromPeerId())
                || !offerer.infoHash().equals(delivery.offer().infoHash())) {
            return offerId + " arrived as " + delivery.offer() + ", not from " + offerer;
        }
        List<SwarmPeer.Signal> answers = offerer.answers().stream().filter(a -> a.offerId().equals(offerId)).toList();
        if (answers.size() != 1) {
            return offerId + " delivered to " + delivery.receiver() + ": " + answers.size() + " answers reached "
                    + offerer;
        }
        if (!answers.get(0).fromPeerId().equals(delivery.receiver().peerId())) {
            return offerId + " delivered to " + delivery.receiver() + " but answered by " + answers.get(0).fromPeerId();
        }
        return null;
    }
}
