package dev.hivecast.tracker.swarm;

import static dev.hivecast.tracker.swarm.LoopHarness.infoHash;
import static dev.hivecast.tracker.swarm.LoopHarness.peerId;
import static dev.hivecast.tracker.swarm.LoopHarness.started;
import static dev.hivecast.tracker.swarm.LoopHarness.startedWithOffers;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hivecast.protocol.InfoHash;
import dev.hivecast.protocol.OfferMessage;
import dev.hivecast.protocol.PeerId;
import dev.hivecast.tracker.config.LocalityConfig;
import dev.hivecast.tracker.locality.GroupKey;
import dev.hivecast.tracker.locality.Locality;
import dev.hivecast.tracker.locality.LocalityLevel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** docs/locality.md: offers go to members near the offerer first, with a random share from anyone. */
class NearMatchingTest {

    private final InfoHash swarm = infoHash();

    private static SwarmSettings settings(double randomShare, OfferRouting routing) {
        return new SwarmSettings(SwarmSettings.DEFAULTS.announce(), SwarmSettings.DEFAULTS.scrape(),
                SwarmSettings.DEFAULTS.connection(), routing,
                new LocalityConfig(true, "", "", "", randomShare, 8));
    }

    /** Network {@code n} as a site; its own IP {@code ip} within it. */
    private static Locality site(int n, int ip, boolean closed) {
        return Locality.of(new GroupKey(0, n * 1000L + ip), new GroupKey(1, n), null, null, closed);
    }

    /** A swarm of {@code networks} sites with {@code perNetwork} members each, spread over the loops. */
    private Map<PeerId, Integer> populate(LoopHarness node, int networks, int perNetwork, List<LoopHarness.Client> out) {
        Map<PeerId, Integer> networkOf = new HashMap<>();
        for (int n = 0; n < networks; n++) {
            for (int i = 0; i < perNetwork; i++) {
                PeerId p = peerId();
                out.add(node.client((n + i) % node.loops.size(), site(n, i, false)).announce(started(swarm, p)));
                networkOf.put(p, n);
            }
        }
        return networkOf;
    }

    /** The share of offers that came from the receiver's own network, over every receiver. */
    private static double sameNetworkShare(List<LoopHarness.Client> clients, Map<PeerId, Integer> networkOf,
                                           List<PeerId> order) {
        int same = 0;
        int all = 0;
        for (int c = 0; c < clients.size(); c++) {
            int mine = networkOf.get(order.get(c));
            for (OfferMessage o : clients.get(c).received(OfferMessage.class)) {
                all++;
                same += networkOf.get(o.peerId()) == mine ? 1 : 0;
            }
        }
        return (double) same / all;
    }

    @Test
    void offersGoToTheOfferersSiteFirstAndTheRandomShareToAnyone() {
        LoopHarness node = new LoopHarness(2, settings(0.2, OfferRouting.LOCAL_FIRST));
        List<LoopHarness.Client> members = new ArrayList<>();
        Map<PeerId, Integer> networkOf = populate(node, 10, 20, members);
        members.forEach(LoopHarness.Client::forget);
        List<PeerId> ids = new ArrayList<>();
        for (LoopHarness.Client m : members) {
            PeerId id = memberId(node, m);
            ids.add(id);
            m.announce(startedWithOffers(swarm, id, 5));
        }
        int[] levels = node.offersAtLevel;
        int total = levels[0] + levels[1] + levels[2] + levels[3] + levels[4];
        assertThat(total).isEqualTo(200 * 5);
        // 80 % near (all from the site: 19 others in it), 20 % random of which about a tenth near.
        assertThat(sameNetworkShare(members, networkOf, ids)).isBetween(0.78, 0.88);
        assertThat((double) levels[LocalityLevel.NONE.ordinal()] / total).as("the random share reaches others")
                .isBetween(0.14, 0.22);
    }

    @Test
    void withoutARandomShareEveryOfferStaysInTheSiteWhileItHasRoom() {
        LoopHarness node = new LoopHarness(2, settings(0, OfferRouting.LOCAL_FIRST));
        List<LoopHarness.Client> members = new ArrayList<>();
        Map<PeerId, Integer> networkOf = populate(node, 4, 6, members);
        members.forEach(LoopHarness.Client::forget);
        List<PeerId> ids = new ArrayList<>();
        for (LoopHarness.Client m : members) {
            PeerId id = memberId(node, m);
            ids.add(id);
            m.announce(startedWithOffers(swarm, id, 5));
        }
        assertThat(sameNetworkShare(members, networkOf, ids)).isEqualTo(1.0);
    }

    @Test
    void aSiteTooSmallForTheOffersIsFilledFromAnyone() {
        LoopHarness node = new LoopHarness(2, settings(0, OfferRouting.LOCAL_FIRST));
        List<LoopHarness.Client> members = new ArrayList<>();
        populate(node, 3, 8, members);
        LoopHarness.Client small = node.client(1, site(9, 0, false)).announce(started(swarm, peerId()));
        node.client(0, site(9, 1, false)).announce(startedWithOffers(swarm, peerId(), 5));

        assertThat(small.received(OfferMessage.class)).as("the one near member").hasSize(1);
        assertThat(members.stream().mapToInt(m -> m.received(OfferMessage.class).size()).sum())
                .as("the rest from anyone").isEqualTo(4);
    }

    @Test
    void theRandomShareReachesAMemberAloneInItsSite() {
        LoopHarness node = new LoopHarness(2, settings(0.2, OfferRouting.LOCAL_FIRST));
        List<LoopHarness.Client> members = new ArrayList<>();
        populate(node, 3, 8, members);
        LoopHarness.Client alone = node.client(1, site(9, 0, false)).announce(started(swarm, peerId()));
        for (int round = 0; round < 5; round++) {
            for (LoopHarness.Client m : members) {
                m.announce(startedWithOffers(swarm, memberId(node, m), 5));
            }
        }
        // 120 random offers over 24 candidates: about 5 each; none would mean it starves.
        assertThat(alone.received(OfferMessage.class)).hasSizeGreaterThanOrEqualTo(1);
    }

    @Test
    void aClosedSiteIsMatchedOnlyAmongItself() {
        LoopHarness node = new LoopHarness(2, settings(0.5, OfferRouting.UNIFORM));
        List<LoopHarness.Client> outside = new ArrayList<>();
        populate(node, 3, 6, outside);
        List<LoopHarness.Client> closed = new ArrayList<>();
        List<PeerId> closedIds = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            PeerId p = peerId();
            closedIds.add(p);
            closed.add(node.client(i % 2, site(7, i, true)).announce(started(swarm, p)));
        }
        for (LoopHarness.Client m : outside) {
            m.announce(startedWithOffers(swarm, memberId(node, m), 10));
        }
        closed.forEach(m -> assertThat(m.received(OfferMessage.class)).as("no offer from outside").isEmpty());
        outside.forEach(LoopHarness.Client::forget);
        closed.get(0).announce(startedWithOffers(swarm, closedIds.get(0), 10));
        outside.forEach(m -> assertThat(m.received(OfferMessage.class)).as("no offer leaves the site").isEmpty());
        assertThat(closed.get(1).received(OfferMessage.class)).hasSize(1);
        assertThat(closed.get(2).received(OfferMessage.class)).hasSize(1);
    }

    private static PeerId memberId(LoopHarness node, LoopHarness.Client c) {
        return c.connection.memberships().get(0).peerId;
    }
}
