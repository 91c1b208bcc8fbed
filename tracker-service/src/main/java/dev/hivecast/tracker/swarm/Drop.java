package dev.hivecast.tracker.swarm;

/** Why a relay did not happen; reported to {@link Outbox#dropped} for counting. */
public enum Drop {
    /** An offer for which no other live member was left to receive it. */
    OFFER_NO_CANDIDATE,
    /** An answer with no matching relayed offer (pairing check) or whose offer expired. */
    ANSWER_UNPAIRED,
    /** An answer whose offerer is gone (connection closed, or unknown peer without pairing). */
    ANSWER_UNKNOWN_PEER
}
