package dev.hivecast.tracker.swarm;

import static dev.hivecast.tracker.swarm.LoopHarness.infoHash;
import static dev.hivecast.tracker.swarm.LoopHarness.peerId;
import static dev.hivecast.tracker.swarm.LoopHarness.started;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hivecast.protocol.AnnounceResponse;
import dev.hivecast.protocol.InfoHash;
import dev.hivecast.protocol.PeerId;
import org.junit.jupiter.api.Test;

/** docs/protocol.md#i59: a swarm an access list stops serving is evicted like a last leave. */
class EvictionTest {

    private final LoopHarness node = new LoopHarness(2);

    @Test
    void I59_evictingASwarmRemovesItsMembersOnEveryShardAndDeletesIt() {
        InfoHash refused = infoHash();
        InfoHash kept = infoHash();
        PeerId peer = peerId();
        var a = node.client(0).announce(started(refused, peer)).announce(started(kept, peer));
        node.client(1).announce(started(refused, peerId()));
        node.settle();

        int evicted = node.loops.get(0).evict(refused::equals) + node.loops.get(1).evict(refused::equals);

        assertThat(evicted).isEqualTo(2);
        assertThat(node.directory.countsOf(refused)).as("the swarm is gone from the node directory").isNull();
        assertThat(node.directory.memberCount(kept)).isEqualTo(1);
        assertThat(a.connection.membershipCount()).as("the connection keeps its other swarm").isEqualTo(1);
        assertThat(node.loops.get(0).memberCount() + node.loops.get(1).memberCount()).isEqualTo(1);
        assertThat(node.directory.takeChanged()).as("the cluster hears of the swarm leaving").contains(refused);
    }

    @Test
    void I59_anEvictedMemberCanAnnounceAgainWhenTheSwarmIsServedAgain() {
        InfoHash swarm = infoHash();
        PeerId peer = peerId();
        var a = node.client(0).announce(started(swarm, peer));
        node.loops.get(0).evict(swarm::equals);

        a.announce(started(swarm, peer));

        assertThat(a.last(AnnounceResponse.class).incomplete()).isEqualTo(1);
    }
}
