package dev.hivecast.protocol;

import java.util.List;

/** Scrape reply: one entry per requested hash (zeros when unknown). */
public record ScrapeResponse(List<Entry> files, int minRequestInterval) implements OutMessage {

    /** {@code downloaded} counts completions seen while the swarm existed. */
    public record Entry(InfoHash infoHash, int complete, int incomplete, long downloaded) {
    }
}
