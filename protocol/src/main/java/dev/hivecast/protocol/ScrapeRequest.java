package dev.hivecast.protocol;

import java.util.List;

/**
 * {@code action: "scrape"}. {@code info_hash} may be one string, an array of them, or absent/null
 * (a full scrape, {@link #isFull()}). Duplicates are removed, first occurrence order kept.
 */
public record ScrapeRequest(List<InfoHash> infoHashes, boolean isFull) implements InMessage {
}
