package dev.hivecast.tracker.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Announce handling and offer relaying. Durations are whole seconds in every config source.
 *
 * @param interval         re-announce interval advertised to clients as {@code interval}
 * @param peerTtl          members that have not announced for this long are removed from their
 *                         swarm; longer than {@code interval}
 * @param sweepInterval    time between sweeps of expired members and offers
 * @param maxOffers        most offers relayed per announce; the surplus is dropped
 * @param offerTtl         how long an answer to a relayed offer is accepted
 * @param pairAnswers      forward an answer only to the peer that sent that offer to the answerer
 *                         (stops spoofed answers); off for clients that change peer_id when
 *                         answering
 * @param maxOfferIdLength longest {@code offer_id} accepted, in characters
 */
public record AnnounceConfig(
        Duration interval,
        Duration peerTtl,
        Duration sweepInterval,
        int maxOffers,
        Duration offerTtl,
        boolean pairAnswers,
        int maxOfferIdLength) {

    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(120);
    public static final Duration DEFAULT_PEER_TTL = Duration.ofSeconds(180);
    public static final Duration DEFAULT_SWEEP_INTERVAL = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_OFFERS = 20;
    public static final Duration DEFAULT_OFFER_TTL = Duration.ofSeconds(120);
    public static final boolean DEFAULT_PAIR_ANSWERS = true;
    public static final int DEFAULT_MAX_OFFER_ID_LENGTH = 64;

    public AnnounceConfig {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(peerTtl, "peerTtl");
        Objects.requireNonNull(sweepInterval, "sweepInterval");
        Objects.requireNonNull(offerTtl, "offerTtl");
    }

    public static AnnounceConfig defaults() {
        return new AnnounceConfig(DEFAULT_INTERVAL, DEFAULT_PEER_TTL, DEFAULT_SWEEP_INTERVAL,
                DEFAULT_MAX_OFFERS, DEFAULT_OFFER_TTL, DEFAULT_PAIR_ANSWERS,
                DEFAULT_MAX_OFFER_ID_LENGTH);
    }
}
