package dev.hivecast.tracker.swarm;

import static dev.hivecast.tracker.swarm.LoopHarness.announce;
import static dev.hivecast.tracker.swarm.LoopHarness.infoHash;
import static dev.hivecast.tracker.swarm.LoopHarness.peerId;
import static dev.hivecast.tracker.swarm.LoopHarness.started;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hivecast.protocol.Event;
import dev.hivecast.protocol.InfoHash;
import dev.hivecast.protocol.PeerId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Swarms and distinct peer_ids one connection may hold: refreshes and replacements never count twice. */
class MembershipLimitsTest {

    private final LoopHarness node = new LoopHarness(1);
    private final MembershipLimits limits = new MembershipLimits(2, 2);

    @Test
    void aNewSwarmPastTheLimitIsRefusedButARefreshOfAHeldOneIsNot() {
        LoopHarness.Client c = node.client(0);
        PeerId id = peerId();
        InfoHash a = infoHash();
        InfoHash b = infoHash();
        c.announce(started(a, id)).announce(started(b, id));

        assertThat(limits.check(c.connection, infoHash(), id)).isEqualTo(MembershipLimits.Excess.SWARMS);
        assertThat(limits.check(c.connection, a, id)).isNull();
        assertThat(limits.reason(MembershipLimits.Excess.SWARMS)).isEqualTo("too many swarms on one connection (max 2)");
    }

    @Test
    void aNewPeerIdPastTheLimitIsRefusedButReplacingTheOnlyUseOfOneIsNot() {
        MembershipLimits onePeerId = new MembershipLimits(0, 1);
        LoopHarness.Client c = node.client(0);
        InfoHash a = infoHash();
        PeerId first = peerId();
        c.announce(started(a, first));

        assertThat(onePeerId.check(c.connection, infoHash(), peerId())).isEqualTo(MembershipLimits.Excess.PEER_IDS);
        assertThat(onePeerId.check(c.connection, infoHash(), first)).isNull();
        // a new peer_id in the same swarm replaces the old one: still one peer_id
        assertThat(onePeerId.check(c.connection, a, peerId())).isNull();
    }

    @Test
    void aStoppedSwarmMakesRoom() {
        LoopHarness.Client c = node.client(0);
        PeerId id = peerId();
        InfoHash a = infoHash();
        c.announce(started(a, id)).announce(started(infoHash(), id));
        c.announce(announce(a, id, Event.STOPPED, false, -1, List.of()));

        assertThat(limits.check(c.connection, infoHash(), id)).isNull();
    }

    @Test
    void noLimitsMeansNoRefusal() {
        LoopHarness.Client c = node.client(0);
        for (int i = 0; i < 50; i++) {
            c.announce(started(infoHash(), peerId()));
        }
        assertThat(MembershipLimits.NONE.check(c.connection, infoHash(), peerId())).isNull();
    }
}
