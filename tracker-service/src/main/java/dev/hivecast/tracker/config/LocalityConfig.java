package dev.hivecast.tracker.config;

import java.time.Duration;

/**
 * The {@code locality} section: offers go to members near the offerer first (same IP, same site,
 * same autonomous system, same country), with a random share from the whole swarm
 * (docs/locality.md). Without any file only the same-IP level is used.
 */
public record LocalityConfig(
        @Setting(value = "true", doc = "Relay offers to members near the offerer first (same IP, site, AS,"
                + " country), keeping locality.random-share random; false = every member equally likely.")
        boolean enabled,
        @Setting(value = "", doc = "File of sites, one 'CIDR NAME' per line (IPv4 or IPv6, # comments), a"
                + " third word 'closed' keeping a site's viewers among themselves; reloaded when it changes"
                + " (every access.list-reload-interval); empty = no sites.")
        String sites,
        @Setting(value = "", doc = "MaxMind DB file giving the autonomous system of an IP"
                + " (GeoLite2-ASN or ip-location-db asn); read at start-up; empty = no AS level.")
        String asnDatabase,
        @Setting(value = "", doc = "MaxMind DB file giving the country of an IP (GeoLite2-Country or"
                + " ip-location-db country; may be the same file as locality.asn-database); empty = no"
                + " country level.")
        String countryDatabase,
        @Setting(value = "0.2", doc = "Share of an announce's offers drawn at random from the whole swarm"
                + " rather than near the offerer, so the mesh stays connected and small groups are reached"
                + " (0 to 1; a fraction of an offer is drawn with that probability).")
        double randomShare,
        @Setting(value = "8", min = "0", max = "64", doc = "Across a cluster: locality groups per level (IP, site, AS, country) each"
                + " node publishes of each swarm, its largest; other nodes send near offers they cannot place"
                + " to the nodes listing the offerer's groups. 0 = none published, near offers stay on the node.")
        int summaryGroups) {

    /** Whether this node publishes and reads locality summaries. */
    public boolean acrossCluster() {
        return enabled && summaryGroups > 0;
    }

    public static LocalityConfig defaults() {
        return ConfigBinder.defaults(LocalityConfig.class);
    }

    /** Sites are re-read on the info_hash lists' timer: one setting for every watched file. */
    public Duration reloadInterval(AccessConfig access) {
        return access.listReloadInterval();
    }
}
