package dev.hivecast.tracker.swarm;

import static dev.hivecast.tracker.swarm.LoopHarness.announce;
import static dev.hivecast.tracker.swarm.LoopHarness.infoHash;
import static dev.hivecast.tracker.swarm.LoopHarness.offers;
import static dev.hivecast.tracker.swarm.LoopHarness.peerId;
import static dev.hivecast.tracker.swarm.LoopHarness.started;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hivecast.protocol.AnnounceRequest;
import dev.hivecast.protocol.AnnounceResponse;
import dev.hivecast.protocol.Event;
import dev.hivecast.protocol.InfoHash;
import dev.hivecast.protocol.OfferMessage;
import dev.hivecast.protocol.PeerId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/protocol.md#c-announce: presence in a swarm and the counts in the reply. */
class AnnounceMembershipTest {

    private final LoopHarness node = new LoopHarness(1);
    private final InfoHash swarm = infoHash();

    @Test
    void C13_firstAnnounceIsAnsweredWithCountsIncludingTheNewPeer() {
        var client = node.client(0).announce(started(swarm, peerId()));

        AnnounceResponse reply = client.last(AnnounceResponse.class);
        assertThat(reply.infoHash()).isEqualTo(swarm);
        assertThat(reply.complete()).isZero();
        assertThat(reply.incomplete()).isEqualTo(1);
    }

    @Test
    void C14_intervalIsTheConfiguredWholeNumberOfSeconds() {
        var client = node.client(0).announce(started(swarm, peerId()));

        assertThat(client.last(AnnounceResponse.class).interval()).isEqualTo(120);
    }

    @Test
    void C15_updateFromAnUnknownPeerIsAJoin() {
        var client = node.client(0).announce(announce(swarm, peerId(), Event.UPDATE, false, -1, List.of()));

        assertThat(client.last(AnnounceResponse.class).incomplete()).isEqualTo(1);
    }

    @Test
    void C18_startedFromAMemberIsNotCountedTwice() {
        PeerId peer = peerId();
        var client = node.client(0).announce(started(swarm, peer)).announce(started(swarm, peer));

        assertThat(client.last(AnnounceResponse.class).incomplete()).isEqualTo(1);
    }

    @Test
    void C19_leftZeroCountsAsCompleteAndAnythingElseAsIncomplete() {
        node.client(0).announce(announce(swarm, peerId(), Event.STARTED, true, -1, List.of()));
        var leecher = node.client(0).announce(started(swarm, peerId()));

        AnnounceResponse reply = leecher.last(AnnounceResponse.class);
        assertThat(reply.complete()).isEqualTo(1);
        assertThat(reply.incomplete()).isEqualTo(1);
    }

    @Test
    void C20_completedMovesALeecherToSeedersOnceAndAnUnknownPeerJoinsAsComplete() {
        PeerId peer = peerId();
        var client = node.client(0).announce(started(swarm, peer));
        client.announce(announce(swarm, peer, Event.COMPLETED, true, -1, List.of()));
        assertThat(counts(client)).containsExactly(1, 0);

        client.announce(announce(swarm, peer, Event.COMPLETED, true, -1, List.of()));
        assertThat(counts(client)).containsExactly(1, 0);

        var newcomer = node.client(0).announce(announce(swarm, peerId(), Event.COMPLETED, false, -1, List.of()));
        assertThat(counts(newcomer)).containsExactly(2, 0);
    }

    @Test
    void C21_aCompletePeerNeverRevertsToIncomplete() {
        PeerId peer = peerId();
        var client = node.client(0).announce(announce(swarm, peer, Event.COMPLETED, true, -1, List.of()));
        client.announce(announce(swarm, peer, Event.UPDATE, false, -1, List.of()));

        assertThat(counts(client)).containsExactly(1, 0);
    }

    @Test
    void C23_theReplyGoesToTheAnnouncerBeforeAnyOfferIsRelayed() {
        var other = node.client(0).announce(started(swarm, peerId()));
        other.forget();
        var announcer = node.client(0);
        announcer.announce(announce(swarm, peerId(), Event.STARTED, false, 5, offers(5)));

        assertThat(announcer.received).hasSize(1).first().isInstanceOf(AnnounceResponse.class);
        assertThat(other.received(OfferMessage.class)).hasSize(1);
        assertThat(counts(announcer)).containsExactly(0, 2);
    }

    @Test
    void C24_numwantZeroWithNoOffersRefreshesMembershipAndRelaysNothing() {
        PeerId peer = peerId();
        var other = node.client(0).announce(started(swarm, peerId()));
        var client = node.client(0).announce(started(swarm, peer));
        other.forget();

        node.advance(java.time.Duration.ofSeconds(170));
        client.announce(announce(swarm, peer, Event.UPDATE, false, 0, List.of()));
        node.advance(java.time.Duration.ofSeconds(20));
        node.loops.get(0).sweep();

        assertThat(other.received(OfferMessage.class)).isEmpty();
        assertThat(client.connection.membershipCount()).isEqualTo(1);
        assertThat(other.connection.membershipCount()).isZero();
    }

    @Test
    void C25_firstAnnouncesOfABrandNewSwarmFromManyConnectionsAllLand() {
        LoopHarness twoLoops = new LoopHarness(2);
        InfoHash fresh = infoHash();
        for (int i = 0; i < 50; i++) {
            twoLoops.client(i % 2).announce(started(fresh, peerId()));
        }
        var last = twoLoops.client(1).announce(started(fresh, peerId()));

        assertThat(last.last(AnnounceResponse.class).incomplete()).isEqualTo(51);
    }

    @Test
    void H58_aConnectionHoldsOnePeerIdPerSwarmANewPeerIdReplacesTheOld() {
        var client = node.client(0)
                .announce(started(swarm, peerId()))
                .announce(started(swarm, peerId()));

        assertThat(counts(client)).containsExactly(0, 1);
        assertThat(client.connection.membershipCount()).isEqualTo(1);
    }

    @Test
    void H58_aConnectionMayUseADifferentPeerIdInEachSwarm() {
        InfoHash second = infoHash();
        var client = node.client(0).announce(started(swarm, peerId())).announce(started(second, peerId()));

        assertThat(client.connection.membershipCount()).isEqualTo(2);
    }

    private static int[] counts(LoopHarness.Client client) {
        AnnounceResponse r = client.last(AnnounceResponse.class);
        return new int[] {r.complete(), r.incomplete()};
    }

    static AnnounceRequest update(InfoHash ih, PeerId peer) {
        return announce(ih, peer, Event.UPDATE, false, -1, List.of());
    }
}
