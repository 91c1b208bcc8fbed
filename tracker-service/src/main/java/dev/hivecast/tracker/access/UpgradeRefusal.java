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
     * The upgrade request was not complete within {@code limits.upgrade-timeout} (slowloris): the
     * TCP connection is closed, no response is sent (the status is never seen).
     */
    UPGRADE_TIMEOUT(408),
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
