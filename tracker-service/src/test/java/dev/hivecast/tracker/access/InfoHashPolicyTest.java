package dev.hivecast.tracker.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivecast.protocol.InfoHash;
import dev.hivecast.protocol.ScrapeRequest;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which info_hashes a node serves: everything by default, the allowlist's only, never the denylist's. */
class InfoHashPolicyTest {

    private final InfoHash a = InfoHash.fromBinaryString("aaaaaaaaaaaaaaaaaaaa");
    private final InfoHash b = InfoHash.fromBinaryString("bbbbbbbbbbbbbbbbbbbb");
    private final InfoHash c = InfoHash.fromBinaryString("cccccccccccccccccccc");
    private final InfoHashPolicy policy = new InfoHashPolicy();

    @Test
    void withoutListsEveryInfoHashIsServed() {
        assertThat(policy.allows(a)).isTrue();
        assertThat(policy.allowedCount()).as("no allowlist").isEqualTo(-1);
    }

    @Test
    void anAllowlistServesOnlyItsEntriesAndAnEmptyOneServesNone() {
        policy.allowOnly(Set.of(a));
        assertThat(policy.allows(a)).isTrue();
        assertThat(policy.allows(b)).isFalse();

        policy.allowOnly(Set.of());
        assertThat(policy.allows(a)).isFalse();
    }

    @Test
    void theDenylistWinsOverTheAllowlist() {
        policy.allowOnly(Set.of(a, b));
        policy.deny(Set.of(b));

        assertThat(policy.allows(a)).isTrue();
        assertThat(policy.allows(b)).isFalse();
    }

    @Test
    void aScrapeIsRefusedOnItsFirstRefusedInfoHash() {
        policy.deny(Set.of(b, c));

        assertThat(policy.firstRefused(new ScrapeRequest(List.of(a, c, b), false))).isEqualTo(c);
        assertThat(policy.firstRefused(new ScrapeRequest(List.of(a), false))).isNull();
        assertThat(policy.firstRefused(new ScrapeRequest(List.of(), true))).as("a full scrape").isNull();
    }
}
