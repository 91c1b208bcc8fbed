package dev.hivecast.protocol;

import java.util.List;

/**
 * {@code action: "scrape"}. {@code info_hash} may be one string, an array of them, or absent/null
 * (a full scrape, {@link #isFull()}). Duplicates are removed, first occurrence order kept.
 */
public record ScrapeRequest(List<InfoHash> infoHashes, boolean isFull) implements InMessage {

    /** A scrape of one swarm, its info_hash as the 20-character binary string clients hold. */
    public static ScrapeRequest of(String infoHash) {
        return new ScrapeRequest(List.of(Id20.infoHash(infoHash)), false);
    }

    /** The frame as a client sends it ({@link ClientCodec}), as text. */
    @Override
    public String toString() {
        return Utf8.text(RequestEncoder.scrape(isFull ? List.of() : infoHashes, false));
    }
}
