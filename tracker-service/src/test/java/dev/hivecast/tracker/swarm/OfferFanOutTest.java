package dev.hivecast.tracker.swarm;

import static dev.hivecast.tracker.swarm.LoopHarness.announce;
import static dev.hivecast.tracker.swarm.LoopHarness.infoHash;
import static dev.hivecast.tracker.swarm.LoopHarness.offers;
import static dev.hivecast.tracker.swarm.LoopHarness.peerId;
import static dev.hivecast.tracker.swarm.LoopHarness.started;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hivecast.protocol.Event;
import dev.hivecast.protocol.InfoHash;
import dev.hivecast.protocol.Offer;
import dev.hivecast.protocol.OfferMessage;
import dev.hivecast.protocol.PeerId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** docs/protocol.md#d-offer-fan-out: who receives the offers of an announce. */
class OfferFanOutTest {

    private final InfoHash swarm = infoHash();

    @ParameterizedTest(name = "{0} offers, numwant {1}, {2} other members on {3} loops -> {4}")
    @CsvSource({
        "5, -1, 10, 1, 5",
        "5, -1, 3, 1, 3",
        "5, 2, 10, 1, 2",
        "5, -1, 0, 1, 0",
        "10, -1, 30, 1, 10",
        "5, -1, 10, 2, 5",
        "5, -1, 3, 2, 3",
        "8, 6, 4, 3, 4",
        "5, 50, 7, 4, 5",
    })
    void D26_exactlyNDistinctOtherMembersReceiveOneOfferEach(int offerCount, int numwant, int others, int loops, int expected) {
        LoopHarness node = new LoopHarness(loops);
        List<LoopHarness.Client> members = new ArrayList<>();
        for (int i = 0; i < others; i++) {
            members.add(node.client(i % loops).announce(started(swarm, peerId())));
        }
        PeerId offerer = peerId();
        var announcer = node.client(0);
        List<Offer> sent = offers(offerCount);
        announcer.announce(announce(swarm, offerer, Event.STARTED, false, numwant, sent));

        int receivers = 0;
        Set<String> offerIds = new HashSet<>();
        for (var m : members) {
            List<OfferMessage> got = m.received(OfferMessage.class);
            assertThat(got).hasSizeLessThanOrEqualTo(1);
            receivers += got.size();
            got.forEach(o -> {
                assertThat(o.peerId()).isEqualTo(offerer);
                assertThat(o.infoHash()).isEqualTo(swarm);
                offerIds.add(o.offerId());
            });
        }
        assertThat(receivers).isEqualTo(expected);
        assertThat(offerIds).hasSize(expected);
        assertThat(announcer.received(OfferMessage.class)).as("never to the announcer itself").isEmpty();
        assertThat(node.drops(Drop.OFFER_NO_CANDIDATE)).isZero();
    }

    @Test
    void D27_theOfferObjectAndOfferIdAreRelayedUntouched() {
        LoopHarness node = new LoopHarness(1);
        var receiver = node.client(0).announce(started(swarm, peerId()));
        List<Offer> sent = offers(1);
        node.client(0).announce(announce(swarm, peerId(), Event.STARTED, false, 1, sent));

        OfferMessage got = receiver.last(OfferMessage.class);
        assertThat(got.offer()).isSameAs(sent.get(0).offer());
        assertThat(got.offerId()).isEqualTo(sent.get(0).offerId());
    }

    @Test
    void D28_receiversAreChosenUniformlyAtRandom() {
        LoopHarness node = new LoopHarness(1);
        int members = 20;
        List<LoopHarness.Client> clients = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            clients.add(node.client(0).announce(started(swarm, peerId())));
        }
        int rounds = 2_000;
        for (int r = 0; r < rounds; r++) {
            var announcer = node.client(0);
            PeerId id = peerId();
            announcer.announce(announce(swarm, id, Event.STARTED, false, 1, offers(1)));
            announcer.close();
        }
        double expected = rounds / (double) members;
        for (var c : clients) {
            // Each member's count is Binomial(2000, 1/20): mean 100, sd ~9.7; 6 sd bounds never trip by chance.
            int got = c.received(OfferMessage.class).size();
            assertThat((double) got).isBetween(expected - 60, expected + 60);
        }
    }

    @Test
    void D28_offersALoopCannotServeAreSplitOverOtherLoopsByTheirMemberCounts() {
        LoopHarness node = new LoopHarness(3);
        List<LoopHarness.Client> big = new ArrayList<>();
        List<LoopHarness.Client> small = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            big.add(node.client(1).announce(started(swarm, peerId())));
        }
        for (int i = 0; i < 5; i++) {
            small.add(node.client(2).announce(started(swarm, peerId())));
        }
        int rounds = 2_000;
        for (int r = 0; r < rounds; r++) {
            var announcer = node.client(0);
            announcer.announce(announce(swarm, peerId(), Event.STARTED, false, 1, offers(1)));
            announcer.close();
        }
        int toBig = big.stream().mapToInt(c -> c.received(OfferMessage.class).size()).sum();
        int toSmall = small.stream().mapToInt(c -> c.received(OfferMessage.class).size()).sum();
        assertThat(toBig + toSmall).isEqualTo(rounds);
        // Binomial(2000, 0.75): mean 1500, sd ~19.4; the bounds are 6 sd.
        assertThat(toBig).isBetween(1500 - 117, 1500 + 117);
    }

    @Test
    void D28_aLoopWithEnoughMembersServesItsOwnOffers() {
        LoopHarness node = new LoopHarness(2);
        List<LoopHarness.Client> local = new ArrayList<>();
        List<LoopHarness.Client> remote = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            local.add(node.client(0).announce(started(swarm, peerId())));
            remote.add(node.client(1).announce(started(swarm, peerId())));
        }
        node.client(0).announce(announce(swarm, peerId(), Event.STARTED, false, 5, offers(5)));

        assertThat(local.stream().mapToInt(c -> c.received(OfferMessage.class).size()).sum()).isEqualTo(5);
        assertThat(remote.stream().mapToInt(c -> c.received(OfferMessage.class).size()).sum()).isZero();
    }

    @Test
    void D29_noOffersAreRelayedForStoppedOrCompleted() {
        LoopHarness node = new LoopHarness(1);
        var receiver = node.client(0).announce(started(swarm, peerId()));
        PeerId peer = peerId();
        var client = node.client(0).announce(started(swarm, peer));
        receiver.forget();

        client.announce(announce(swarm, peer, Event.COMPLETED, true, 5, offers(5)));
        client.announce(announce(swarm, peer, Event.STOPPED, false, 5, offers(5)));

        assertThat(receiver.received(OfferMessage.class)).isEmpty();
    }

    @Test
    void D31_anOfferForAMemberThatLeftMeanwhileIsDroppedAndCounted() {
        LoopHarness node = new LoopHarness(2);
        var remote = node.client(1).announce(started(swarm, peerId()));
        var announcer = node.client(0);
        // The forwarded offer is queued for loop 1; the member closes before it runs.
        announcer.loop().handleAnnounce(announcer.connection,
                announce(swarm, peerId(), Event.STARTED, false, 1, offers(1)), new DiscardingOutbox(node, remote));
        node.settle();

        assertThat(remote.received(OfferMessage.class)).isEmpty();
        assertThat(node.drops(Drop.OFFER_NO_CANDIDATE)).isEqualTo(1);
    }

    /** Forwards cross-loop work only after closing {@code victim}, to provoke the race. */
    private record DiscardingOutbox(LoopHarness node, LoopHarness.Client victim) implements Outbox {
        @Override
        public void send(Connection to, dev.hivecast.protocol.OutMessage message) {
        }

        @Override
        public void toNode(String nodeId, NodeMessage message) {
        }

        @Override
        public void toLoop(int loop, LoopMessage message) {
            if (message instanceof LoopMessage.ForwardedOffers) {
                victim.close();
            }
            node.loops.get(loop).receive(message, new Outbox() {
                @Override
                public void send(Connection to, dev.hivecast.protocol.OutMessage m) {
                    victim.received.add(m);
                }

                @Override
                public void toLoop(int s, LoopMessage m) {
                }

                @Override
                public void toNode(String nodeId, NodeMessage m) {
                }

                @Override
                public void dropped(Drop reason) {
                    node.drops.merge(reason, 1, Integer::sum);
                }
            });
        }

        @Override
        public void dropped(Drop reason) {
            node.drops.merge(reason, 1, Integer::sum);
        }
    }
}
