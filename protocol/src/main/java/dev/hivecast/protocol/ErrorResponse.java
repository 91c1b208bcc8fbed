package dev.hivecast.protocol;

/**
 * {@code {"failure reason": ...}}. {@code action} and {@code infoHash} are null when the request
 * did not get that far; whenever they are known they are sent, because BTc only surfaces a
 * failure whose action is announce and whose info_hash is its own, and treats anything else as a
 * broken socket (it reconnects every torrent on the pooled socket).
 */
public record ErrorResponse(String action, InfoHash infoHash, String reason) implements OutMessage {

    /** The two values {@code action} can have. */
    public static final String ACTION_ANNOUNCE = "announce";
    public static final String ACTION_SCRAPE = "scrape";
}
