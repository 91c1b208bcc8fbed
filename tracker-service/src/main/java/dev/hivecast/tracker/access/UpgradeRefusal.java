package dev.hivecast.tracker.access;

/**
 * Why an upgrade was refused: the HTTP status the client gets and the {@code reason} label of
 * {@code tracker_upgrades_refused_total}.
 */
public enum UpgradeRefusal {
    /** The Origin is on the denylist, or not on a configured allowlist. */
    ORIGIN_NOT_ALLOWED(403),
    /** No Origin header while {@code access.deny-missing-origin} is set. */
    ORIGIN_MISSING(403),
    /** Signed URLs are on and the URL has no {@code token} parameter. */
    TOKEN_MISSING(403),
    /** The token is malformed, or its MAC matches neither secret (tampered, other path, other key). */
    TOKEN_INVALID(403),
    /** The token was genuine but its expiry has passed. */
    TOKEN_EXPIRED(403),
    /**
     * The node holds {@code limits.max-connections}. 503: the node is full, not the client at
     * fault; behind a load balancer another node may take it, and players retry with back-off.
     */
    MAX_CONNECTIONS(503),
    /** The client IP holds {@code limits.max-connections-per-ip}: 429 Too Many Requests. */
    MAX_CONNECTIONS_PER_IP(429),
    /**
     * A request on an HTTP connection (its first or a later one, an upgrade or plain HTTP) was not
     * complete within {@code limits.request-timeout} of the connection's start or of the previous
     * response (slowloris): closed without a response.
     */
    REQUEST_TIMEOUT(408),
    /**
     * An HTTP connection sent no byte of a request within {@code limits.request-timeout} of its
     * start or of its previous response (an idle keep-alive connection): closed without a response.
     */
    HTTP_IDLE(408),
    /**
     * A response was not written to the socket within {@code limits.request-timeout}: the client
     * does not read. Closed; nothing more is written.
     */
    RESPONSE_TIMEOUT(408),
    /** More than {@code limits.max-pipelined-requests} requests sent ahead of a response: closed. */
    PIPELINED_REQUESTS(429),
    /**
     * A request whose framing is ambiguous by RFC 9112 (Content-Length with Transfer-Encoding, a
     * Transfer-Encoding other than {@code chunked}): 400 and the connection closed, since a proxy
     * in front may have split the bytes differently (request smuggling).
     */
    AMBIGUOUS_REQUEST(400),
    /**
     * A WebSocket upgrade that RFC 6455 §4.2.1 calls invalid: not HTTP/1.1, no Host, not exactly
     * one Sec-WebSocket-Key of 16 base64 bytes.
     */
    BAD_HANDSHAKE(400),
    /** A WebSocket version other than 13: 426 with {@code Sec-WebSocket-Version: 13} (RFC 6455 §4.4). */
    WEBSOCKET_VERSION(426),
    /** The admin listener holds {@code admin.max-connections}. */
    ADMIN_MAX_CONNECTIONS(503),
    /**
     * {@code limits.proxy-protocol} is on and the TCP peer is not in {@code limits.trusted-proxies}:
     * its PROXY header could name any client, so the connection is closed without a response.
     */
    PROXY_NOT_TRUSTED(403),
    /**
     * {@code limits.proxy-protocol} is on and the connection began with something other than a
     * PROXY header (a client that bypassed the proxy, or a proxy not configured to send one):
     * Vert.x closes it without a response.
     */
    PROXY_HEADER_INVALID(400);

    private final int httpStatus;

    UpgradeRefusal(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
