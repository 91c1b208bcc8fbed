package dev.hivecast.tracker.config;

/**
 * Scrape handling.
 *
 * @param allowFull allow scrapes without {@code info_hash}, which list every swarm
 * @param maxHashes most {@code info_hash} values accepted in one scrape
 */
public record ScrapeConfig(boolean allowFull, int maxHashes) {

    public static final boolean DEFAULT_ALLOW_FULL = false;
    public static final int DEFAULT_MAX_HASHES = 255;

    public static ScrapeConfig defaults() {
        return new ScrapeConfig(DEFAULT_ALLOW_FULL, DEFAULT_MAX_HASHES);
    }
}
