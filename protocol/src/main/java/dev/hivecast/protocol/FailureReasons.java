package dev.hivecast.protocol;

/**
 * The {@code failure reason} texts of the codec. Where the reference tracker (BT
 * {@code lib/server/parse-websocket.js}, {@code server.js}) has a text for the same mistake we use
 * it verbatim, because client code and people's bug reports quote it.
 */
public final class FailureReasons {

    /** Not UTF-8, not JSON, or a second value after the object. BT echoes V8's JSON.parse message. */
    public static final String INVALID_JSON = "invalid JSON";
    /** Valid JSON that is not an object ({@code null}, an array, a number, a string). */
    public static final String NOT_AN_OBJECT = "invalid request: not a JSON object";
    /** BT's text; followed by the action as JavaScript's {@code String()} would print it. */
    public static final String INVALID_ACTION_PREFIX = "invalid action in WS request: ";
    public static final String INVALID_INFO_HASH = "invalid info_hash";
    public static final String INVALID_PEER_ID = "invalid peer_id";
    public static final String INVALID_TO_PEER_ID = "invalid `to_peer_id` (required with `answer`)";
    public static final String INVALID_EVENT = "invalid event";
    public static final String INVALID_OFFERS = "invalid offers";
    public static final String INVALID_OFFER_ID = "invalid offer_id";
    public static final String INVALID_ANSWER = "invalid answer";
    /** Followed by the configured cap, e.g. {@code "too many info_hash values in scrape (max 255)"}. */
    public static final String TOO_MANY_SCRAPE_HASHES_PREFIX = "too many info_hash values in scrape (max ";

    private FailureReasons() {
    }

    static String tooManyScrapeHashes(int max) {
        return TOO_MANY_SCRAPE_HASHES_PREFIX + max + ")";
    }
}
