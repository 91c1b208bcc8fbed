package dev.hivecast.tracker.swarm;

import static dev.hivecast.tracker.swarm.LoopHarness.announce;
import static dev.hivecast.tracker.swarm.LoopHarness.infoHash;
import static dev.hivecast.tracker.swarm.LoopHarness.peerId;
import static dev.hivecast.tracker.swarm.LoopHarness.scrape;
import static dev.hivecast.tracker.swarm.LoopHarness.started;
import static dev.hivecast.tracker.swarm.LoopHarness.startedWithOffers;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hivecast.protocol.AnnounceResponse;
import dev.hivecast.protocol.Event;
import dev.hivecast.protocol.InfoHash;
import dev.hivecast.protocol.OfferMessage;
import dev.hivecast.protocol.PeerId;
import dev.hivecast.protocol.ScrapeResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/protocol.md#f-stop-close-and-expiry: stopped, connection close, expiry, and swarm deletion. */
class LeavingTest {

    private final LoopHarness node = new LoopHarness(2);
    private final InfoHash swarm = infoHash();

    @Test
    void F39_stoppedRemovesTheMemberFromThatSwarmOnlyAndRepliesWithTheNewCounts() {
        InfoHash other = infoHash();
        PeerId peer = peerId();
        node.client(1).announce(started(swarm, peerId()));
        var client = node.client(0).announce(started(swarm, peer)).announce(started(other, peer));

        client.announce(announce(swarm, peer, Event.STOPPED, false, -1, List.of()));

        assertThat(client.last(AnnounceResponse.class).incomplete()).isEqualTo(1);
        assertThat(client.connection.membershipCount()).isEqualTo(1);
    }

    @Test
    void F39_stoppedFromANonMemberIsANoOpWithAReply() {
        var client = node.client(0).announce(announce(swarm, peerId(), Event.STOPPED, false, -1, List.of()));

        assertThat(client.last(AnnounceResponse.class).incomplete()).isZero();
        assertThat(node.directory.swarmCount()).isZero();
    }

    @Test
    void F40_afterStoppedTheSameConnectionMayRejoinWithANewPeerId() {
        PeerId first = peerId();
        var client = node.client(0).announce(started(swarm, first))
                .announce(announce(swarm, first, Event.STOPPED, false, -1, List.of()))
                .announce(started(swarm, peerId()));

        assertThat(client.last(AnnounceResponse.class).incomplete()).isEqualTo(1);
    }

    @Test
    void F41_closingAConnectionRemovesEveryMembershipItCreatedWithEveryPeerId() {
        InfoHash rendition1 = infoHash();
        InfoHash rendition2 = infoHash();
        var player = node.client(0).announce(started(rendition1, peerId())).announce(started(rendition2, peerId()));
        var watcher = node.client(1).announce(started(rendition1, peerId()));

        player.close();

        watcher.scrape(scrape(rendition1, rendition2));
        List<ScrapeResponse.Entry> files = watcher.last(ScrapeResponse.class).files();
        assertThat(files.get(0).incomplete()).isEqualTo(1);
        assertThat(files.get(1).incomplete()).isZero();
        assertThat(node.directory.swarmCount()).isEqualTo(1);
    }

    @Test
    void F43_membersSilentForLongerThanTheTtlAreSweptAndNeverOfferedTo() {
        var silent = node.client(0).announce(started(swarm, peerId()));
        node.advance(Duration.ofSeconds(100));
        PeerId active = peerId();
        var activeClient = node.client(0).announce(started(swarm, active));
        node.advance(Duration.ofSeconds(81));

        node.loops.forEach(LoopSwarms::sweep);
        silent.forget();
        activeClient.announce(announce(swarm, active, Event.UPDATE, false, 5, LoopHarness.offers(5)));

        assertThat(activeClient.last(AnnounceResponse.class).incomplete()).isEqualTo(1);
        assertThat(silent.received(OfferMessage.class)).isEmpty();
        assertThat(silent.connection.membershipCount()).isZero();
    }

    @Test
    void F44_aSwarmWithNoMembersLeftIsDeleted() {
        var a = node.client(0).announce(started(swarm, peerId()));
        var b = node.client(1).announce(started(swarm, peerId()));
        assertThat(node.directory.swarmCount()).isEqualTo(1);

        a.close();
        b.close();

        assertThat(node.directory.swarmCount()).isZero();
        assertThat(node.loops.get(0).sliceCount() + node.loops.get(1).sliceCount()).isZero();
    }

    @Test
    void F44_sweepingTheLastMembersDeletesTheSwarm() {
        node.client(0).announce(started(swarm, peerId()));
        node.advance(Duration.ofSeconds(181));

        LoopSwarms.SweepResult result = node.loops.get(0).sweep();

        assertThat(result.expiredMembers()).isEqualTo(1);
        assertThat(result.deletedSwarms()).isEqualTo(1);
        assertThat(node.directory.swarmCount()).isZero();
    }

    @Test
    void F45_thereIsNoSwarmSizeCapThatEvictsActivePeers() {
        LoopHarness one = new LoopHarness(1);
        LoopHarness.Client last = null;
        for (int i = 0; i < 3_000; i++) {
            last = one.client(0).announce(started(swarm, peerId()));
        }
        assertThat(last.last(AnnounceResponse.class).incomplete()).isEqualTo(3_000);
    }

    @Test
    void F46_sendingToAClosedConnectionIsIgnoredAndCostsNothingElse() {
        var receiver = node.client(0).announce(started(swarm, peerId()));
        receiver.connection.markClosed(); // the transport saw the close; the loop has not yet
        var offerer = node.client(0).announce(startedWithOffers(swarm, peerId(), 1));

        assertThat(offerer.last(AnnounceResponse.class)).isNotNull();
        assertThat(receiver.received(OfferMessage.class)).isEmpty();
    }
}
