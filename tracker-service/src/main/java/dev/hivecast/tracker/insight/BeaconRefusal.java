package dev.hivecast.tracker.insight;

/** Why a beacon was not counted: the label of {@code tracker_beacons_refused_total} and the status answered. */
public enum BeaconRefusal {
    /** Not POST (nor a CORS preflight). */
    METHOD("method", 405),
    /** A Content-Type other than text/plain (what navigator.sendBeacon sends for a string) or application/json. */
    CONTENT_TYPE("content_type", 415),
    /** The page's Origin is refused by the access.origin-* rules, as its WebSocket would be. */
    ORIGIN("origin", 403),
    RATE_LIMITED("rate_limited", 429),
    TOO_LARGE("too_large", 413),
    /** Not one JSON object. */
    MALFORMED("malformed", 400),
    /** A field missing, repeated or of the wrong type, or a stream name empty or too long. */
    BAD_FIELD("bad_field", 400),
    /** A byte count negative or above insight.max-bytes-per-report. */
    IMPLAUSIBLE("implausible", 422);

    private final String label;
    private final int httpStatus;

    BeaconRefusal(String label, int httpStatus) {
        this.label = label;
        this.httpStatus = httpStatus;
    }

    public String label() {
        return label;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
