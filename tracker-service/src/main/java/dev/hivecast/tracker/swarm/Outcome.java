package dev.hivecast.tracker.swarm;

import java.util.Locale;

/**
 * What became of one client message: handled, or refused with a failure reason and why. Counted
 * once per message by the loop that handled it; the metrics ({@code tracker_failures_total} by
 * {@link #label()}) and /stats read the same counts.
 */
public enum Outcome {
    ANNOUNCE_HANDLED,
    ANSWER_HANDLED,
    SCRAPE_HANDLED,
    /** Not a message the protocol allows (unparseable, a field out of range, an empty scrape). */
    INVALID_REQUEST,
    /** Over a per-connection or per-IP message rate. */
    RATE_LIMITED,
    /** Names an info_hash the access lists refuse. */
    INFO_HASH_NOT_ALLOWED,
    /** Would join one swarm more than limits.max-swarms-per-connection. */
    TOO_MANY_SWARMS,
    /** Would use one peer_id more than limits.max-peer-ids-per-connection. */
    TOO_MANY_PEER_IDS,
    /** Another client's connection holds the peer_id in that swarm. */
    PEER_ID_TAKEN,
    /** An answer to no offer relayed to its sender (with announce.pair-answers). */
    NO_MATCHING_OFFER,
    /** A full scrape while scrape.allow-full is off. */
    SCRAPE_REFUSED,
    /** A bug: the message cost its own handling and nothing else. */
    INTERNAL_ERROR;

    /** True when the client was sent a failure reason instead of what it asked for. */
    public boolean refused() {
        return ordinal() > SCRAPE_HANDLED.ordinal();
    }

    /** The {@code reason} label of {@code tracker_failures_total} for a refusal. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
