package dev.hivecast.tracker.limits;

import java.util.Locale;

/**
 * What a rate limit counts. Answers have a bucket of their own: a viewer answers every offer it
 * is sent, which in a big swarm is many more messages than its own announces.
 */
public enum RateKind {
    ANNOUNCE, ANSWER, SCRAPE;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The {@code failure reason} a message over the limit gets. */
    public String failureReason() {
        return label() + " rate limit exceeded, slow down";
    }
}
