package dev.hivecast.tracker.locality;

import java.util.Locale;

/**
 * How near two connections are, closest first. The order is the order of the draw: offers go to
 * members of the closest level the offerer shares with anyone, then the next.
 */
public enum LocalityLevel {
    /** The same public IP (IPv6: the same /64): one NAT, a household, an office. */
    IP,
    /** The same operator-defined site (locality.sites). */
    SITE,
    /** The same autonomous system (locality.asn-database). */
    ASN,
    /** The same country (locality.country-database). */
    COUNTRY,
    /** Nothing in common that the tracker knows of. */
    NONE;

    /** The levels a connection can share with another: all but {@link #NONE}. */
    public static final int SHARED = 4;

    private static final LocalityLevel[] ALL = values();

    public static LocalityLevel of(int ordinal) {
        return ALL[ordinal];
    }

    /** The {@code locality} label of the metrics. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
