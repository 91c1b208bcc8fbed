package dev.hivecast.tracker.locality;

/**
 * One group of connections at one level: an IP, a site, an AS number or a country. Made once per
 * connection at connect time; a record, so that looking a group up allocates nothing.
 *
 * @param level the {@link LocalityLevel} ordinal
 * @param value the IP, the site's id, the AS number or the country's two letters, as a number
 */
public record GroupKey(int level, long value) {
}
