package dev.hivecast.protocol;

/**
 * A frame that is not a valid request. Thrown for every kind of garbage a client can send, so it
 * carries no stack trace and no cause: building one costs an allocation, nothing more.
 *
 * <p>{@link #action()} and {@link #infoHash()} are set as soon as the request got that far (a
 * recognised action; a valid info_hash), whatever the order of the fields on the wire (BTc sends
 * {@code action} after {@code event}). BTc only surfaces a failure whose action is announce and
 * whose info_hash is its own; any other failure makes it drop and reopen the pooled socket, so the
 * more we attach, the less a client's mistake costs its other torrents.
 */
public final class ProtocolException extends Exception {

    private final String reason;
    private final String action;
    private final InfoHash infoHash;

    /**
     * @param reason   the {@code failure reason} text sent to the client
     * @param action   {@code "announce"}, {@code "scrape"} or null when the action is not known
     * @param infoHash the request's valid info_hash, or null
     */
    public ProtocolException(String reason, String action, InfoHash infoHash) {
        super(reason, null, false, false);
        this.reason = reason;
        this.action = action;
        this.infoHash = infoHash;
    }

    /** A failure found before the action was known: JSON errors, non-objects, unknown actions. */
    static ProtocolException parseLevel(String reason) {
        return new ProtocolException(reason, null, null);
    }

    public String reason() {
        return reason;
    }

    /** {@code "announce"}, {@code "scrape"}, or null when the failure happened before the action was known. */
    public String action() {
        return action;
    }

    /** The request's info_hash when it was valid, else null. */
    public InfoHash infoHash() {
        return infoHash;
    }

    /** The reply to send: the reason, with the action and info_hash that are known. */
    public ErrorResponse toResponse() {
        return new ErrorResponse(action, infoHash, reason);
    }
}
