package dev.hivecast.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.AbstractMap.SimpleEntry;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The entry processors that are the directory's only writers, run on a plain map entry. */
class DirectoryProcessorsTest {

    private static final String SWARM = "0123456789abcdef0123456789abcdef01234567";

    private static SimpleEntry<String, SwarmShares> entry(SwarmShares value) {
        return new SimpleEntry<>(SWARM, value);
    }

    private static Map<String, NodeShare> all(SwarmShares shares) {
        return shares.sharesOf(node -> true);
    }

    @Test
    void aFirstShareCreatesTheSwarm() {
        SimpleEntry<String, SwarmShares> entry = entry(null);

        new SetNodeShares("a", Map.of(SWARM, new NodeShare(1, 2, 3))).process(entry);

        assertThat(all(entry.getValue())).isEqualTo(Map.of("a", new NodeShare(1, 2, 3)));
    }

    @Test
    void aShareReplacesOnlyThatNodesShare() {
        SimpleEntry<String, SwarmShares> entry = entry(SwarmShares.of("a", new NodeShare(1, 1, 1)));
        new SetNodeShares("b", Map.of(SWARM, new NodeShare(2, 2, 2))).process(entry);

        new SetNodeShares("a", Map.of(SWARM, new NodeShare(0, 5, 1))).process(entry);

        assertThat(all(entry.getValue())).isEqualTo(Map.of("a", new NodeShare(0, 5, 1), "b", new NodeShare(2, 2, 2)));
    }

    @Test
    void theLastNodeLeavingDeletesTheSwarm() {
        SimpleEntry<String, SwarmShares> entry = entry(SwarmShares.of("a", new NodeShare(1, 1, 1)));

        new SetNodeShares("a", Map.of(SWARM, NodeShare.NONE)).process(entry);

        assertThat(entry.getValue()).isNull();
    }

    @Test
    void anEmptyShareOfAnAbsentSwarmCreatesNothing() {
        SimpleEntry<String, SwarmShares> entry = entry(null);

        new SetNodeShares("a", Map.of(SWARM, NodeShare.NONE)).process(entry);

        assertThat(entry.getValue()).isNull();
    }

    @Test
    void purgingRemovesOnlyTheDepartedNode() {
        SwarmShares shares = SwarmShares.of("a", new NodeShare(1, 0, 0));
        shares.set("dead", new NodeShare(3, 3, 3));
        SimpleEntry<String, SwarmShares> entry = entry(shares);

        new PurgeNode("dead").process(entry);

        assertThat(all(entry.getValue())).isEqualTo(Map.of("a", new NodeShare(1, 0, 0)));
    }

    @Test
    void purgingTheLastNodeDeletesTheSwarm() {
        SimpleEntry<String, SwarmShares> entry = entry(SwarmShares.of("dead", new NodeShare(1, 0, 0)));

        new PurgeNode("dead").process(entry);

        assertThat(entry.getValue()).isNull();
    }
}
