package dev.hivecast.tracker.access;

/**
 * Why an upgrade was refused: the HTTP status the client gets and the {@code reason} label of
 * {@code tracker_upgrades_refused_total}. Limits added later (connections per IP, per node) add
 * their own constants here.
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
    TOKEN_EXPIRED(403);

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
