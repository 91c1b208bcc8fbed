package dev.hivecast.tracker.insight;

/**
 * One player's report: bytes it got for one stream since its previous beacon.
 *
 * @param stream the stream's URL or name, as the page sent it (1 to {@link #MAX_STREAM_LENGTH} characters)
 * @param p2p    bytes from peers
 * @param http   bytes over HTTP (the CDN or origin)
 */
public record Beacon(String stream, long p2p, long http) {

    public static final int MAX_STREAM_LENGTH = 256;
}
