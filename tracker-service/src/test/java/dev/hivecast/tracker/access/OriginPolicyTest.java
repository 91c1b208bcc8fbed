package dev.hivecast.tracker.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The Origin rule at the upgrade: deny first, then allow, and an absent Origin only when asked. */
class OriginPolicyTest {

    private static UpgradeRequest from(String origin) {
        return new UpgradeRequest("/", null, origin, "127.0.0.1");
    }

    @Test
    void withAnAllowlistOnlyListedOriginsPass() {
        OriginPolicy policy = new OriginPolicy(List.of("https://player.example.com"), List.of(), false);

        assertThat(policy.check(from("https://player.example.com"))).isNull();
        assertThat(policy.check(from("HTTPS://Player.Example.com"))).as("case does not matter").isNull();
        assertThat(policy.check(from("https://evil.example.net"))).isEqualTo(UpgradeRefusal.ORIGIN_NOT_ALLOWED);
        assertThat(policy.check(from("http://player.example.com"))).as("another scheme")
                .isEqualTo(UpgradeRefusal.ORIGIN_NOT_ALLOWED);
        assertThat(policy.check(from("https://player.example.com:8443"))).as("another port")
                .isEqualTo(UpgradeRefusal.ORIGIN_NOT_ALLOWED);
    }

    @Test
    void aWildcardEntryMatchesSubdomainsButNotTheDomainItselfNorLookalikes() {
        OriginPolicy policy = new OriginPolicy(List.of("https://*.example.com"), List.of(), false);

        assertThat(policy.check(from("https://a.example.com"))).isNull();
        assertThat(policy.check(from("https://a.b.example.com"))).isNull();
        assertThat(policy.check(from("https://example.com"))).isEqualTo(UpgradeRefusal.ORIGIN_NOT_ALLOWED);
        assertThat(policy.check(from("https://evilexample.com"))).isEqualTo(UpgradeRefusal.ORIGIN_NOT_ALLOWED);
        assertThat(policy.check(from("https://example.com.evil.net"))).isEqualTo(UpgradeRefusal.ORIGIN_NOT_ALLOWED);
        assertThat(policy.check(from("http://a.example.com"))).isEqualTo(UpgradeRefusal.ORIGIN_NOT_ALLOWED);
    }

    @Test
    void theDenylistWinsOverTheAllowlist() {
        OriginPolicy policy = new OriginPolicy(List.of("https://*.example.com"), List.of("https://bad.example.com"),
                false);

        assertThat(policy.check(from("https://good.example.com"))).isNull();
        assertThat(policy.check(from("https://bad.example.com"))).isEqualTo(UpgradeRefusal.ORIGIN_NOT_ALLOWED);
    }

    @Test
    void withOnlyADenylistEveryOtherOriginPasses() {
        OriginPolicy policy = new OriginPolicy(List.of(), List.of("https://leech.example.net", "null"), false);

        assertThat(policy.check(from("https://anyone.example.org"))).isNull();
        assertThat(policy.check(from("https://leech.example.net"))).isEqualTo(UpgradeRefusal.ORIGIN_NOT_ALLOWED);
        assertThat(policy.check(from("null"))).as("sandboxed frames").isEqualTo(UpgradeRefusal.ORIGIN_NOT_ALLOWED);
    }

    @Test
    void aMissingOriginPassesUnlessDenyMissingIsSet() {
        OriginPolicy lenient = new OriginPolicy(List.of("https://player.example.com"), List.of(), false);
        OriginPolicy strict = new OriginPolicy(List.of(), List.of(), true);

        assertThat(lenient.check(from(null))).isNull();
        assertThat(strict.check(from(null))).isEqualTo(UpgradeRefusal.ORIGIN_MISSING);
        assertThat(strict.check(from(""))).isEqualTo(UpgradeRefusal.ORIGIN_MISSING);
        assertThat(strict.check(from("https://anyone.example.org"))).isNull();
    }

    @Test
    void aPolicyWithNothingConfiguredIsInactive() {
        assertThat(new OriginPolicy(List.of(), List.of(), false).isActive()).isFalse();
        assertThat(new OriginPolicy(List.of(), List.of(), true).isActive()).isTrue();
    }
}
