package dev.hivecast.tracker.swarm;

import java.time.Duration;

/**
 * What the swarm logic needs from the configuration.
 *
 * @param interval          advertised re-announce interval
 * @param peerTtl           members silent for this long are swept
 * @param offerTtl          an answer to a relayed offer is accepted for this long
 * @param pairAnswers       forward an answer only if that offer went from {@code to_peer_id} to the
 *                          answerer (aquatic's check; stops spoofed answers)
 * @param allowFullScrape   answer scrapes without info_hash with every swarm
 * @param maxPendingOffers  unanswered offers remembered per connection (oldest forgotten first)
 * @param sweepInterval     how often expired members and offers are swept
 * @param offerRouting      where offers go when the swarm spans event loops or nodes
 */
public record SwarmSettings(
        Duration interval,
        Duration peerTtl,
        Duration offerTtl,
        boolean pairAnswers,
        boolean allowFullScrape,
        int maxPendingOffers,
        Duration sweepInterval,
        OfferRouting offerRouting) {

    public static final SwarmSettings DEFAULTS = new SwarmSettings(
            Duration.ofSeconds(120), Duration.ofSeconds(180), Duration.ofSeconds(120), true, false, 256,
            Duration.ofSeconds(30));

    /** Offers routed {@link OfferRouting#LOCAL_FIRST}, the default. */
    public SwarmSettings(Duration interval, Duration peerTtl, Duration offerTtl, boolean pairAnswers,
                         boolean allowFullScrape, int maxPendingOffers, Duration sweepInterval) {
        this(interval, peerTtl, offerTtl, pairAnswers, allowFullScrape, maxPendingOffers, sweepInterval,
                OfferRouting.LOCAL_FIRST);
    }

    public SwarmSettings withOfferRouting(OfferRouting routing) {
        return new SwarmSettings(interval, peerTtl, offerTtl, pairAnswers, allowFullScrape, maxPendingOffers,
                sweepInterval, routing);
    }

    int intervalSeconds() {
        return (int) interval.toSeconds();
    }
}
