package dev.hivecast.tracker.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivecast.tracker.nodes.NodesHarness.Client;
import dev.hivecast.tracker.nodes.NodesHarness.Node;
import dev.hivecast.protocol.AnnounceResponse;
import dev.hivecast.protocol.AnswerMessage;
import dev.hivecast.protocol.InfoHash;
import dev.hivecast.protocol.OfferMessage;
import dev.hivecast.tracker.swarm.OfferRouting;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Offers and answers between nodes: who gets them, and how the answer finds its way back. */
class CrossNodeRoutingTest {

    @Test
    void E38_anOfferToAPeerOnAnotherNodeIsAnsweredBackToTheOfferingConnection() {
        NodesHarness cluster = new NodesHarness(2, 1, OfferRouting.LOCAL_FIRST);
        InfoHash swarm = cluster.infoHash();
        Client onA = cluster.nodes.get(0).client(0).announce(swarm, 0);
        Client onB = cluster.nodes.get(1).client(0).announce(swarm, 1);

        List<OfferMessage> offers = onA.received(OfferMessage.class);
        assertThat(offers).singleElement().satisfies(o -> assertThat(o.peerId()).isEqualTo(onB.peerId));
        onA.answerOffers(swarm);

        assertThat(onB.received(AnswerMessage.class)).singleElement().satisfies(a -> {
            assertThat(a.offerId()).isEqualTo(offers.get(0).offerId());
            assertThat(a.peerId()).as("stamped with the answerer's peer_id").isEqualTo(onA.peerId);
            assertThat(a.infoHash()).isEqualTo(swarm);
        });
        assertThat(cluster.nodes.get(1).counters.offersSent.sum()).isEqualTo(1);
        assertThat(cluster.nodes.get(0).counters.answersSent.sum()).isEqualTo(1);
    }

    @Test
    void C13_countsInRepliesAreClusterWide() {
        NodesHarness cluster = new NodesHarness(3, 2, OfferRouting.LOCAL_FIRST);
        InfoHash swarm = cluster.infoHash();
        for (Node n : cluster.nodes) {
            n.client(0).announce(swarm, 0);
            n.client(1).announce(swarm, 0);
        }
        Client late = cluster.nodes.get(1).client(0).announce(swarm, 0);

        AnnounceResponse reply = late.received(AnnounceResponse.class).get(0);
        assertThat(reply.complete() + reply.incomplete()).isEqualTo(7);
    }

    @Test
    void D26_offersGoToDistinctMembersAcrossNodesAndNeverToTheOfferer() {
        NodesHarness cluster = new NodesHarness(3, 2, OfferRouting.LOCAL_FIRST);
        InfoHash swarm = cluster.infoHash();
        List<Client> everyone = new ArrayList<>();
        for (Node n : cluster.nodes) {
            everyone.add(n.client(0).announce(swarm, 0)); // one member per node besides the offerer
        }
        Client offerer = cluster.nodes.get(0).client(1).announce(swarm, 5);

        Set<Client> receivers = new HashSet<>();
        for (Client c : everyone) {
            if (!c.received(OfferMessage.class).isEmpty()) {
                assertThat(c.received(OfferMessage.class)).hasSize(1);
                receivers.add(c);
            }
        }
        assertThat(offerer.received(OfferMessage.class)).isEmpty();
        assertThat(receivers).as("n = min(offers, other members) = 3 distinct members").hasSize(3);
    }

    @Test
    void localFirstKeepsOffersOnTheNodeWhenItHasEnoughMembers() {
        NodesHarness cluster = new NodesHarness(3, 1, OfferRouting.LOCAL_FIRST);
        InfoHash swarm = cluster.infoHash();
        for (Node n : cluster.nodes) {
            for (int i = 0; i < 10; i++) {
                n.client(0).announce(swarm, 0);
            }
        }
        cluster.nodes.get(0).client(0).announce(swarm, 5);

        assertThat(cluster.nodes.get(0).counters.offersSent.sum()).isZero();
    }

    @Test
    void uniformRoutingSendsOffersToEveryNodeInProportionToItsMembers() {
        NodesHarness cluster = new NodesHarness(3, 1, OfferRouting.UNIFORM);
        InfoHash swarm = cluster.infoHash();
        List<Client> offerers = new ArrayList<>();
        for (Node n : cluster.nodes) {
            for (int i = 0; i < 20; i++) {
                offerers.add(n.client(0).announce(swarm, 0));
            }
        }
        for (Client c : offerers) {
            c.announce(swarm, 5);
        }

        long crossed = cluster.nodes.stream().mapToLong(n -> n.counters.offersSent.sum()).sum();
        long total = 60 * 5;
        // 2/3 of the other members live on other nodes (40 of 59): expect 40/59 of the offers.
        assertThat((double) crossed / total).isBetween(0.60, 0.76);
        cluster.nodes.forEach(n -> assertThat(n.counters.undeliverable.sum()).isZero());
    }

    @Test
    void anAnswerForAConnectionThatClosedMeanwhileIsCountedAndDropped() {
        NodesHarness cluster = new NodesHarness(2, 1, OfferRouting.LOCAL_FIRST);
        InfoHash swarm = cluster.infoHash();
        Client onA = cluster.nodes.get(0).client(0).announce(swarm, 0);
        Client onB = cluster.nodes.get(1).client(0).announce(swarm, 1);
        onB.close();

        onA.answerOffers(swarm);

        assertThat(cluster.nodes.get(1).counters.undeliverable.sum()).isEqualTo(1);
        assertThat(onB.received(AnswerMessage.class)).isEmpty();
    }

    @Test
    void D31_anOfferThatReachesANodeAfterItsLastMemberLeftIsCountedAndDropped() {
        NodesHarness cluster = new NodesHarness(2, 1, OfferRouting.LOCAL_FIRST);
        InfoHash swarm = cluster.infoHash();
        Client onB = cluster.nodes.get(1).client(0).announce(swarm, 0);
        Client offerer = cluster.nodes.get(0).client(0).announce(swarm, 0);

        offerer.announceUnsettled(swarm, 1); // the offer is on its way to node B...
        cluster.nodes.get(1).loops.get(0).close(onB.connection); // ...when B's member leaves
        cluster.settle();

        assertThat(cluster.nodes.get(1).counters.undeliverable.sum()).isEqualTo(1);
        assertThat(onB.received(OfferMessage.class)).isEmpty();
    }
}
