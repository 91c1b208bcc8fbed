package dev.hivecast.tracker.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code access} section: who may use the tracker, by swarm (info_hash lists), by page (Origin
 * lists) and by announce URL (signed tokens). Everything is off by default, so a zero-config node
 * serves anyone.
 */
public record AccessConfig(
        @Setting(value = "", doc = "File or http(s) URL listing the only info_hashes served (40 hex"
                + " digits or a 20-character binary string per line, # comments); others get a failure"
                + " reason; empty = every info_hash is served.")
        String infoHashAllowlist,
        @Setting(value = "", doc = "File or http(s) URL listing info_hashes refused (same format);"
                + " empty = none refused.")
        String infoHashDenylist,
        @Setting(value = "10s", min = "1s", max = "1d", doc = "Time between checks of the info_hash list"
                + " files for changes (and fetches of list URLs); a removed hash's swarm is evicted when"
                + " the change is seen.")
        Duration listReloadInterval,
        @Setting(value = "", doc = "Comma-separated Origins whose pages may connect"
                + " (https://player.example.com, or https://*.example.com for its subdomains); other"
                + " Origins get HTTP 403; empty = any Origin.")
        String originAllowlist,
        @Setting(value = "", doc = "Comma-separated Origins refused with HTTP 403 (same format), checked"
                + " before the allowlist.")
        String originDenylist,
        @Setting(value = "false", doc = "Refuse upgrades without an Origin header with HTTP 403 (browsers"
                + " always send one; other clients usually do not).")
        boolean denyMissingOrigin,
        @Setting(value = "", doc = "Secret (at least 16 characters) of signed announce URLs: when set, an"
                + " upgrade needs a valid unexpired ?token= or gets HTTP 403; set it from a secret, as"
                + " TRACKER_ACCESS_URL_SECRET; never logged; empty = no token needed.", secret = true)
        String urlSecret,
        @Setting(value = "", doc = "The secret before the last rotation: tokens signed with it stay valid"
                + " until they expire; empty = none.", secret = true)
        String urlPreviousSecret) {

    /** Shorter secrets are guessable offline from one token; 16 bytes of randomness is the floor. */
    public static final int MIN_SECRET_LENGTH = 16;


    public static AccessConfig defaults() {
        return ConfigBinder.defaults(AccessConfig.class);
    }

    /** {@code a, b} as {@code [a, b]}, blanks dropped. */
    public static List<String> commaList(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    public boolean signedUrls() {
        return !urlSecret.isEmpty();
    }

    /** Never shows a secret setting. */
    @Override
    public String toString() {
        return ConfigBinder.describe(this);
    }
}
