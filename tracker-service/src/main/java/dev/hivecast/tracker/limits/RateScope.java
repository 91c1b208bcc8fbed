package dev.hivecast.tracker.limits;

import java.util.Locale;

/** Whose bucket ran dry: the connection's own, or the one its client IP shares. */
public enum RateScope {
    CONNECTION, IP;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
