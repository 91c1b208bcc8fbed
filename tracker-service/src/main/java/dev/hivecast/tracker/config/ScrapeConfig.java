package dev.hivecast.tracker.config;

/** The {@code scrape} section: scrape handling. */
public record ScrapeConfig(
        @Setting(value = "false", doc = "Allow scrapes without info_hash, which list every swarm.")
        boolean allowFull,
        @Setting(value = "255", min = "1", max = "10000", doc = "Most info_hashes accepted in one scrape.")
        int maxHashes) {

    public static ScrapeConfig defaults() {
        return ConfigBinder.defaults(ScrapeConfig.class);
    }
}
