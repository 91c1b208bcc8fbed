package dev.hivecast.tracker.limits;

import dev.hivecast.tracker.config.LimitsConfig;
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

    /** This kind's limit on one connection (limits.announce-rate and -burst, ...). */
    public Rate perConnection(LimitsConfig c) {
        return switch (this) {
            case ANNOUNCE -> new Rate(c.announceRate(), c.announceBurst());
            case ANSWER -> new Rate(c.answerRate(), c.answerBurst());
            case SCRAPE -> new Rate(c.scrapeRate(), c.scrapeBurst());
        };
    }

    /** This kind's limit on all connections of one client IP (limits.ip-announce-rate, ...). */
    public Rate perIp(LimitsConfig c) {
        return switch (this) {
            case ANNOUNCE -> new Rate(c.ipAnnounceRate(), c.ipAnnounceBurst());
            case ANSWER -> new Rate(c.ipAnswerRate(), c.ipAnswerBurst());
            case SCRAPE -> new Rate(c.ipScrapeRate(), c.ipScrapeBurst());
        };
    }

    /** The {@code failure reason} a message over the limit gets. */
    public String failureReason() {
        return label() + " rate limit exceeded, slow down";
    }
}
