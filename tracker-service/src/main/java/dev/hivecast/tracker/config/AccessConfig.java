package dev.hivecast.tracker.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Who may use the tracker: which swarms (info_hash lists), which pages (Origin lists) and which
 * announce URLs (signed tokens). Everything is off by default, so a zero-config node serves anyone.
 *
 * @param infoHashAllowlist  file path or http(s) URL of the info_hashes served; empty = every one
 * @param infoHashDenylist   file path or http(s) URL of the info_hashes refused; empty = none
 * @param listReloadInterval how often list files are checked for a change and list URLs fetched
 * @param originAllowlist    comma-separated Origins whose pages may connect; empty = any
 * @param originDenylist     comma-separated Origins refused at the upgrade
 * @param denyMissingOrigin  refuse upgrades that carry no Origin header (non-browser clients)
 * @param urlSecret          HMAC-SHA256 secret of signed announce URLs; empty = no token needed
 * @param urlPreviousSecret  the secret before the last rotation, still accepted; empty = none
 */
public record AccessConfig(
        String infoHashAllowlist,
        String infoHashDenylist,
        Duration listReloadInterval,
        String originAllowlist,
        String originDenylist,
        boolean denyMissingOrigin,
        String urlSecret,
        String urlPreviousSecret) {

    public static final Duration DEFAULT_LIST_RELOAD_INTERVAL = Duration.ofSeconds(10);
    public static final boolean DEFAULT_DENY_MISSING_ORIGIN = false;
    /** Shorter secrets are guessable offline from one token; 16 bytes of randomness is the floor. */
    public static final int MIN_SECRET_LENGTH = 16;

    public AccessConfig {
        Objects.requireNonNull(infoHashAllowlist, "infoHashAllowlist");
        Objects.requireNonNull(infoHashDenylist, "infoHashDenylist");
        Objects.requireNonNull(listReloadInterval, "listReloadInterval");
        Objects.requireNonNull(originAllowlist, "originAllowlist");
        Objects.requireNonNull(originDenylist, "originDenylist");
        Objects.requireNonNull(urlSecret, "urlSecret");
        Objects.requireNonNull(urlPreviousSecret, "urlPreviousSecret");
    }

    public static AccessConfig defaults() {
        return new AccessConfig("", "", DEFAULT_LIST_RELOAD_INTERVAL, "", "", DEFAULT_DENY_MISSING_ORIGIN, "", "");
    }

    /** {@code a, b} as {@code [a, b]}, blanks dropped. */
    public static List<String> commaList(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    public boolean signedUrls() {
        return !urlSecret.isEmpty();
    }

    /** Never shows the secrets. */
    @Override
    public String toString() {
        return "AccessConfig[infoHashAllowlist=" + infoHashAllowlist + ", infoHashDenylist=" + infoHashDenylist
                + ", listReloadInterval=" + listReloadInterval + ", originAllowlist=" + originAllowlist
                + ", originDenylist=" + originDenylist + ", denyMissingOrigin=" + denyMissingOrigin
                + ", urlSecret=" + (urlSecret.isEmpty() ? "" : "***")
                + ", urlPreviousSecret=" + (urlPreviousSecret.isEmpty() ? "" : "***") + "]";
    }
}
