package dev.hivecast.tracker.config;

import java.time.Duration;

/** The {@code announce} section: announce handling and offer relaying. */
public record AnnounceConfig(
        @Setting(value = "2m", min = "1s", max = "1h", doc = "Time between announces, advertised to"
                + " clients as interval (in whole seconds).")
        Duration interval,
        @Setting(value = "3m", min = "1s", max = "1d", doc = "Time after which a member that has not"
                + " announced is removed from its swarm; must be longer than announce.interval.")
        Duration peerTtl,
        @Setting(value = "30s", min = "1s", max = "1h",
                doc = "Time between sweeps of expired members and offers.")
        Duration sweepInterval,
        @Setting(value = "20", min = "1", max = "1000",
                doc = "Most offers relayed per announce; the surplus is dropped.")
        int maxOffers,
        @Setting(value = "2m", min = "1s", max = "1h",
                doc = "Time during which an answer to a relayed offer is accepted.")
        Duration offerTtl,
        @Setting(value = "true", doc = "Forward an answer only to the peer that sent that offer to the"
                + " answerer (stops spoofed answers); turn off for clients that change peer_id when"
                + " answering.")
        boolean pairAnswers,
        // bittorrent-tracker's client sends 20-character offer_ids; a lower cap would refuse it.
        @Setting(value = "64", min = "20", max = "1024", doc = "Longest offer_id accepted, in characters.")
        int maxOfferIdLength) {


    public static AnnounceConfig defaults() {
        return ConfigBinder.defaults(AnnounceConfig.class);
    }
}
