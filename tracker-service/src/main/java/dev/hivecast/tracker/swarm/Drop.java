package dev.hivecast.tracker.swarm;

/** Why a relay did not happen; reported to {@link Outbox#dropped} for counting. */
public enum Drop {
    /** An offer for which no other live member was left to receive it. */
    OFFER_NO_CANDIDATE,
    /**
     * A relayed offer that can no longer be answered: its answer came after the offer TTL, or the
     * receiver held so many unanswered offers that it was forgotten. (Offers that simply go
     * unanswered are counted by the sweep that forgets them: {@link LoopSwarms.SweepResult}.)
     */
    OFFER_EXPIRED,
    /** An answer with no matching relayed offer (pairing check) or whose offer expired. */
    ANSWER_UNPAIRED,
    /** An answer whose offerer is gone (connection closed, or unknown peer without pairing). */
    ANSWER_UNKNOWN_PEER
}
