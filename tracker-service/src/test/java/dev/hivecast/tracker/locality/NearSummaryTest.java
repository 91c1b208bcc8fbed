package dev.hivecast.tracker.locality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a node publishes of its locality groups: bounded, its largest, the same on every node. */
class NearSummaryTest {

    private static GroupKey site(long id) {
        return new GroupKey(LocalityLevel.SITE.ordinal(), id);
    }

    private static GroupKey ip(long value) {
        return new GroupKey(LocalityLevel.IP.ordinal(), value);
    }

    @Test
    void keepsTheLargestGroupsOfEachLevelAndNoMore() {
        Map<GroupKey, Integer> counts = new HashMap<>();
        for (int i = 1; i <= 50; i++) {
            counts.put(site(i), i);
            counts.put(ip(1000 + i), 1 + i % 3);
        }
        counts.put(new GroupKey(LocalityLevel.COUNTRY.ordinal(), 0x4445), 200);

        NearSummary summary = NearSummary.of(counts, 3);

        assertThat(summary.entries()).hasSize(3 + 3 + 1);
        assertThat(summary.count(site(50))).isEqualTo(50);
        assertThat(summary.count(site(48))).isEqualTo(48);
        assertThat(summary.count(site(47))).isZero();
        assertThat(summary.count(new GroupKey(LocalityLevel.COUNTRY.ordinal(), 0x4445))).isEqualTo(200);
    }

    @Test
    void tiesGoToTheSmallerValueSoEveryNodeKeepsTheSameGroups() {
        Map<GroupKey, Integer> counts = new HashMap<>();
        for (long id : new long[] {9, -4, 7, 12}) {
            counts.put(site(id), 5);
        }

        assertThat(NearSummary.of(counts, 2).entries())
                .containsExactly(new NearSummary.Entry(site(-4), 5), new NearSummary.Entry(site(7), 5));
    }

    @Test
    void emptyGroupsAndNoGroupsPublishNothing() {
        assertThat(NearSummary.of(Map.of(site(1), 0), 8)).isSameAs(NearSummary.EMPTY);
        assertThat(NearSummary.of(Map.of(site(1), 4), 0)).isSameAs(NearSummary.EMPTY);
        assertThat(NearSummary.EMPTY.encode()).isEmpty();
    }

    @Test
    void survivesTheDirectoryAsTextAndRefusesWhatItDidNotWrite() {
        NearSummary summary = new NearSummary(List.of(new NearSummary.Entry(ip(0xffffffffL), 2),
                new NearSummary.Entry(site(Long.MIN_VALUE), 7)));

        assertThat(NearSummary.decode(summary.encode())).isEqualTo(summary);
        assertThat(NearSummary.decode("")).isSameAs(NearSummary.EMPTY);
        assertThat(NearSummary.decode(null)).isSameAs(NearSummary.EMPTY);
        for (String bad : new String[] {"1:2", "9:1:1", "1:x:1", "1:2:-1", "1:2:3,"}) {
            assertThatThrownBy(() -> NearSummary.decode(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aSiteHasTheSameIdOnEveryNode() {
        assertThat(LocalityResolver.siteId("campus-north")).isEqualTo(LocalityResolver.siteId("campus-north"))
                .isNotEqualTo(LocalityResolver.siteId("campus-south"));
    }
}
