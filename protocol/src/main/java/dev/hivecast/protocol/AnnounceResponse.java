package dev.hivecast.protocol;

/** The counts reply to an announce; counts include the effect of that announce. */
public record AnnounceResponse(InfoHash infoHash, int complete, int incomplete, int interval)
        implements OutMessage {
}
