package dev.hivecast.tracker.swarm;

import static dev.hivecast.tracker.swarm.LoopHarness.announce;
import static dev.hivecast.tracker.swarm.LoopHarness.infoHash;
import static dev.hivecast.tracker.swarm.LoopHarness.peerId;
import static dev.hivecast.tracker.swarm.LoopHarness.started;
import static dev.hivecast.tracker.swarm.LoopHarness.startedWithOffers;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hivecast.protocol.AnnounceResponse;
import dev.hivecast.protocol.ErrorResponse;
import dev.hivecast.protocol.Event;
import dev.hivecast.protocol.InfoHash;
import dev.hivecast.protocol.OfferMessage;
import dev.hivecast.protocol.PeerId;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * docs/protocol.md#identity across two nodes of two loops each, with a cluster directory that
 * decides as both backends do and whose verdicts the test delivers when it chooses: a first
 * announce waits for the verdict, a thief on another node is refused before anything is bound or
 * relayed, a reconnect to another node takes the peer_id over and the old node drops its member.
 */
class PeerIdsAcrossNodesTest {

    /** The backends' rule, in memory; verdicts queue until {@link #decideAll()}. */
    private static final class Directory {
        private record Entry(String node, long hold, String client) {
        }

        private record Asked(Node node, LoopMessage.ClusterClaim claim) {
        }

        final Map<String, Entry> entries = new HashMap<>();
        final ArrayDeque<Asked> pending = new ArrayDeque<>();

        void decideAll() {
            for (int i = 0; i < 100 && !pending.isEmpty(); i++) {
                Asked a = pending.poll();
                a.node().harness.receive(a.claim().loop(), a.claim().decided(decide(a.node(), a.claim())));
                a.node().harness.settle();
            }
        }

        private boolean decide(Node claimant, LoopMessage.ClusterClaim c) {
            String key = c.infoHash().toHex() + ":" + c.peerId().toHex();
            Entry held = entries.get(key);
            if (held != null && !held.node().equals(claimant.name)) {
                if (!held.client().equals(c.client())) {
                    return false;
                }
                Node old = claimant.other;
                int loop = old.harness.directory.loopHolding(c.infoHash(), c.peerId(), held.hold());
                if (loop >= 0) {
                    old.harness.receive(loop, new LoopMessage.TakenOverElsewhere(c.infoHash(), c.peerId(), held.hold()));
                    old.harness.settle();
                }
            }
            entries.put(key, new Entry(claimant.name, c.holdId(), c.client()));
            return true;
        }
    }

    private static final class Node implements ClusterPeerIds {
        final String name;
        final Directory directory;
        final LoopHarness harness;
        Node other;

        Node(String name, Directory directory) {
            this.name = name;
            this.directory = directory;
            this.harness = new LoopHarness(2, SwarmSettings.DEFAULTS, RemoteSwarms.NONE, this);
        }

        @Override
        public void claim(LoopMessage.ClusterClaim asked) {
            directory.pending.add(new Directory.Asked(this, asked));
        }

        @Override
        public void release(InfoHash infoHash, PeerId peerId, long hold, String client) {
            String key = infoHash.toHex() + ":" + peerId.toHex();
            Directory.Entry held = directory.entries.get(key);
            if (held != null && held.node().equals(name) && held.hold() == hold) {
                directory.entries.remove(key);
            }
        }
    }

    private final Directory cluster = new Directory();
    private final Node a = new Node("a", cluster);
    private final Node b = new Node("b", cluster);
    private final InfoHash swarm = infoHash();
    private final PeerId victimId = peerId();

    PeerIdsAcrossNodesTest() {
        a.other = b;
        b.other = a;
    }

    @Test
    void aFirstAnnounceIsAnsweredAndItsOffersRelayedOnlyOnceTheClusterHasDecided() {
        var viewer = a.harness.client(1);
        viewer.announce(started(swarm, peerId()));
        cluster.decideAll();
        var victim = a.harness.client(0, "192.0.2.1").announce(startedWithOffers(swarm, victimId, 1));

        assertThat(victim.received).as("before the verdict").isEmpty();
        assertThat(viewer.received(OfferMessage.class)).isEmpty();
        assertThat(a.harness.directory.memberCount(swarm)).isEqualTo(1);

        cluster.decideAll();

        assertThat(victim.last(AnnounceResponse.class).incomplete()).isEqualTo(2);
        assertThat(viewer.received(OfferMessage.class)).singleElement()
                .extracting(OfferMessage::peerId).isEqualTo(victimId);
    }

    @Test
    void aPeerIdHeldOnAnotherNodeIsRefusedToAnotherClientAndNothingIsBoundOrRelayed() {
        a.harness.client(0, "192.0.2.1").announce(started(swarm, victimId));
        var neighbour = b.harness.client(1).announce(started(swarm, peerId()));
        cluster.decideAll();

        var thief = b.harness.client(0, "198.51.100.66").announce(startedWithOffers(swarm, victimId, 4));
        var second = b.harness.client(1, "198.51.100.66").announce(startedWithOffers(swarm, victimId, 4));
        cluster.decideAll();

        assertThat(thief.received).singleElement().isInstanceOfSatisfying(ErrorResponse.class,
                e -> assertThat(e.reason()).isEqualTo(LoopSwarms.PEER_ID_TAKEN));
        assertThat(second.received).as("the thief's second connection, on another loop").singleElement()
                .isInstanceOf(ErrorResponse.class);
        assertThat(neighbour.received(OfferMessage.class)).isEmpty();
        assertThat(b.harness.directory.memberCount(swarm)).as("only the neighbour").isEqualTo(1);
        assertThat(b.harness.directory.claims().size()).as("claims of the neighbour only").isEqualTo(1);
    }

    @Test
    void theSameClientOnAnotherNodeTakesThePeerIdOverAndTheOldNodeDropsItsMember() {
        var old = a.harness.client(1, "192.0.2.1").announce(started(swarm, victimId));
        cluster.decideAll();

        var again = b.harness.client(0, "192.0.2.1").announce(started(swarm, victimId));
        cluster.decideAll();

        assertThat(again.last(AnnounceResponse.class)).isNotNull();
        assertThat(a.harness.directory.memberCount(swarm)).as("node a").isZero();
        assertThat(a.harness.directory.claims().owner(swarm, victimId)).isNull();
        assertThat(b.harness.directory.memberCount(swarm)).as("node b").isEqualTo(1);
        assertThat(old.connection.isOpen()).as("the old connection may stay, without the member").isTrue();
        // a stop on the old connection now neither frees nor disturbs the new one
        old.announce(announce(swarm, victimId, Event.STOPPED, false, -1, List.of()));
        cluster.decideAll();
        var thief = a.harness.client(0, "198.51.100.66").announce(started(swarm, victimId));
        cluster.decideAll();
        assertThat(thief.received).singleElement().isInstanceOf(ErrorResponse.class);
    }

    @Test
    void aPeerIdStoppedOrClosedIsFreeForAnotherClientOnAnyNode() {
        PeerId closedId = peerId();
        var stopping = a.harness.client(0, "192.0.2.1").announce(started(swarm, victimId));
        var closing = a.harness.client(1, "192.0.2.2").announce(started(swarm, closedId));
        cluster.decideAll();

        stopping.announce(announce(swarm, victimId, Event.STOPPED, false, -1, List.of()));
        closing.close();
        var first = b.harness.client(0, "198.51.100.66").announce(started(swarm, victimId));
        var second = b.harness.client(1, "198.51.100.67").announce(started(swarm, closedId));
        cluster.decideAll();

        assertThat(first.last(AnnounceResponse.class).incomplete()).isEqualTo(1);
        assertThat(second.last(AnnounceResponse.class).incomplete()).isEqualTo(2);
        assertThat(cluster.entries).hasSize(2).allSatisfy((k, e) -> assertThat(e.node()).isEqualTo("b"));
    }

    @Test
    void aConnectionClosedWhileItWaitedGivesItsGrantedClaimBack() {
        var waiting = a.harness.client(0, "192.0.2.1").announce(started(swarm, victimId));
        waiting.close();
        cluster.decideAll();

        assertThat(cluster.entries).as("released once granted").isEmpty();
        assertThat(a.harness.directory.claims().size()).isZero();
        assertThat(a.harness.directory.memberCount(swarm)).isZero();
        assertThat(waiting.received).isEmpty();
    }

    @Test
    void announcesSentWhileTheFirstWaitsRunInOrderOnceItIsDecided() {
        var peer = a.harness.client(0, "192.0.2.1").announce(started(swarm, victimId));
        peer.announce(announce(swarm, victimId, Event.COMPLETED, true, -1, List.of()));
        assertThat(peer.received).isEmpty();

        cluster.decideAll();

        assertThat(peer.received(AnnounceResponse.class)).hasSize(2)
                .extracting(AnnounceResponse::complete).containsExactly(0, 1);
    }
}
