package dev.hivecast.tracker.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivecast.tracker.locality.GroupKey;
import dev.hivecast.tracker.locality.Locality;
import dev.hivecast.tracker.locality.NearSummary;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Near offers this node cannot place go to the nodes whose summaries list the offerer's groups. */
class NearNodesTest {

    private static final GroupKey SITE_X = new GroupKey(1, 10);
    private static final GroupKey SITE_Y = new GroupKey(1, 11);
    private static final GroupKey COUNTRY = new GroupKey(3, 0x4445);

    private static RemoteView.NodeMembers node(String id, int members, NearSummary.Entry... groups) {
        return new RemoteView.NodeMembers(id, 0, members, 0, new NearSummary(List.of(groups)));
    }

    @Test
    void goesToTheNodesHoldingTheOfferersSiteClosestLevelFirst() {
        List<RemoteView.NodeMembers> nodes = List.of(
                node("a", 50, new NearSummary.Entry(SITE_Y, 40), new NearSummary.Entry(COUNTRY, 50)),
                node("b", 30, new NearSummary.Entry(SITE_X, 2), new NearSummary.Entry(COUNTRY, 30)),
                node("old", 80));
        Locality offerer = Locality.of(new GroupKey(0, 1), SITE_X, null, COUNTRY, false);

        int[] taken = NearNodes.plan(nodes, offerer, 4, new SplittableRandom(1));

        // two to b's two members of site X, then the other two by country, never to a node without a summary
        assertThat(taken[1]).isGreaterThanOrEqualTo(2);
        assertThat(taken[0] + taken[1]).isEqualTo(4);
        assertThat(taken[2]).isZero();
    }

    @Test
    void noneWhenNoNodePublishedTheOfferersGroups() {
        List<RemoteView.NodeMembers> nodes = List.of(node("a", 50, new NearSummary.Entry(SITE_Y, 40)), node("old", 80));

        assertThat(NearNodes.plan(nodes, Locality.of(new GroupKey(0, 1), SITE_X, null, null, false), 3,
                new SplittableRandom(1))).isNull();
        assertThat(NearNodes.plan(List.of(), Locality.NONE, 3, new SplittableRandom(1))).isNull();
    }

    @Test
    void aClosedSiteLooksNoFartherThanItself() {
        List<RemoteView.NodeMembers> nodes = List.of(node("a", 50, new NearSummary.Entry(COUNTRY, 50)));
        Locality closed = Locality.of(new GroupKey(0, 1), SITE_X, null, COUNTRY, true);

        assertThat(NearNodes.plan(nodes, closed, 3, new SplittableRandom(1))).isNull();
    }
}
