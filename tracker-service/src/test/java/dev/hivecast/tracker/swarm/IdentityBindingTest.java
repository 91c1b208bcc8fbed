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
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** docs/protocol.md#identity and #f42: a peer_id is bound to its connection. */
class IdentityBindingTest {

    private final InfoHash swarm = infoHash();
    private final PeerId peer = peerId();

    @ParameterizedTest(name = "old and new connection on {0} loop(s)")
    @ValueSource(ints = {1, 2})
    void F42_theSamePeerIdFromTheSameAddressOnANewConnectionRebindsAndTheOldCloseKeepsIt(int loops) {
        LoopHarness node = new LoopHarness(loops);
        var old = node.client(0, "192.0.2.1").announce(started(swarm, peer));
        var fresh = node.client(loops - 1, "192.0.2.1").announce(started(swarm, peer));

        old.close();

        var other = node.client(0).announce(startedWithOffers(swarm, peerId(), 5));
        assertThat(other.last(AnnounceResponse.class).incomplete()).isEqualTo(2);
        assertThat(fresh.received(OfferMessage.class)).as("offers reach the new connection").hasSize(1);
    }

    /** Found by SwarmActionsTest: through another loop, the rebound seeder became a leecher. */
    @ParameterizedTest(name = "old and new connection on {0} loop(s)")
    @ValueSource(ints = {1, 2})
    void F42_aSeederThatRebindsStaysCompleteWhateverItsNextAnnounceSays(int loops) {
        LoopHarness node = new LoopHarness(loops);
        node.client(0, "192.0.2.1").announce(announce(swarm, peer, Event.STARTED, true, -1, List.of()));
        node.client(loops - 1, "192.0.2.1").announce(announce(swarm, peer, Event.UPDATE, false, -1, List.of()));

        var watcher = node.client(0).announce(started(swarm, peerId()));

        assertThat(watcher.last(AnnounceResponse.class).complete()).as("seeders").isEqualTo(1);
        assertThat(watcher.last(AnnounceResponse.class).incomplete()).as("leechers").isEqualTo(1);
        assertThat(node.directory.countsOf(swarm)).isEqualTo(new SliceDirectory.Counts(1, 1, 0));
    }

    @ParameterizedTest(name = "on {0} loop(s)")
    @ValueSource(ints = {1, 2})
    void F42_aPeerIdHeldByALiveConnectionFromAnotherAddressCannotBeTaken(int loops) {
        LoopHarness node = new LoopHarness(loops);
        var owner = node.client(0, "192.0.2.1").announce(started(swarm, peer));
        var thief = node.client(loops - 1, "198.51.100.7").announce(started(swarm, peer));

        assertThat(thief.last(ErrorResponse.class).reason()).isEqualTo(LoopSwarms.PEER_ID_TAKEN);
        assertThat(thief.last(ErrorResponse.class).infoHash()).isEqualTo(swarm);
        var offerer = node.client(0).announce(startedWithOffers(swarm, peerId(), 5));
        assertThat(owner.received(OfferMessage.class)).hasSize(1);
        assertThat(thief.received(OfferMessage.class)).isEmpty();
        assertThat(offerer.last(AnnounceResponse.class).incomplete()).isEqualTo(2);
    }

    @ParameterizedTest(name = "on {0} loop(s)")
    @ValueSource(ints = {1, 2})
    void F42_aPeerIdWhoseConnectionClosedIsFreeForAnyone(int loops) {
        LoopHarness node = new LoopHarness(loops);
        node.client(0, "192.0.2.1").announce(started(swarm, peer)).close();
        var next = node.client(loops - 1, "198.51.100.7").announce(started(swarm, peer));

        assertThat(next.received(ErrorResponse.class)).isEmpty();
        assertThat(next.last(AnnounceResponse.class).incomplete()).isEqualTo(1);
    }

    /** The loops do not run in step: nothing settles here until the test says so. */
    @Test
    void F42_aThiefOnAnotherLoopIsRefusedAtOnceAndNothingIsRelayedOrSentBetweenLoops() {
        LoopHarness node = new LoopHarness(2);
        node.client(0, "192.0.2.1").announce(started(swarm, peer));
        var neighbour = node.client(1).announce(started(swarm, peerId()));
        node.autoSettle = false;

        var thief = node.client(1, "198.51.100.7").announce(startedWithOffers(swarm, peer, 5));

        assertThat(thief.received).containsExactly(new ErrorResponse("announce", swarm, LoopSwarms.PEER_ID_TAKEN));
        assertThat(neighbour.received(OfferMessage.class)).isEmpty();
        assertThat(node.deliverNext(0)).as("work in flight to the owner's loop").isFalse();
        assertThat(node.directory.countsOf(swarm)).isEqualTo(new SliceDirectory.Counts(0, 2, 0));
    }

    @Test
    void F42_aReconnectOnAnotherLoopIsAnsweredOnceTheOldLoopLetGoAndItsLaterAnnouncesWaitBehind() {
        LoopHarness node = new LoopHarness(2);
        node.client(0, "192.0.2.1").announce(announce(swarm, peer, Event.STARTED, true, -1, List.of()));
        node.autoSettle = false;

        var fresh = node.client(1, "192.0.2.1").announce(started(swarm, peer))
                .announce(announce(swarm, peer, Event.UPDATE, false, -1, List.of()));

        assertThat(fresh.received).as("both wait for the old loop").isEmpty();
        assertThat(node.directory.countsOf(swarm)).as("the peer once").isEqualTo(new SliceDirectory.Counts(1, 0, 0));
        node.settle();
        assertThat(fresh.received).containsExactly(new AnnounceResponse(swarm, 1, 0, 120),
                new AnnounceResponse(swarm, 1, 0, 120));
        assertThat(node.directory.countsOf(swarm)).isEqualTo(new SliceDirectory.Counts(1, 0, 0));
    }
}
