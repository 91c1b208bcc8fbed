package dev.hivecast.tracker.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivecast.protocol.ClientAnnounce;
import dev.hivecast.protocol.Event;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/**
 * limits.max-swarms-per-connection and limits.max-peer-ids-per-connection: the announce that
 * reaches the limit is served, the one past it gets a failure reason and creates nothing, and
 * leaving a swarm makes room again. Refusals are not garbage: the connection stays open.
 */
class MembershipLimitsIT extends TrackerTestBase {

    private static final int MAX_SWARMS = 3;
    private static final int MAX_PEER_IDS = 2;

    @Override
    protected String[] flags() {
        return new String[] {"--limits.max-swarms-per-connection", String.valueOf(MAX_SWARMS),
                "--limits.max-peer-ids-per-connection", String.valueOf(MAX_PEER_IDS)};
    }

    @Test
    void theSwarmAtTheLimitIsJoinedTheNextIsRefusedWithoutStateAndAStopMakesRoom() {
        Peer p = peer();
        String peerId = Ids.peerId();
        String[] swarms = new String[MAX_SWARMS];
        for (int i = 0; i < MAX_SWARMS; i++) {
            swarms[i] = Ids.infoHash();
            p.announce(ClientAnnounce.started(swarms[i], peerId).toString());
        }
        String oneTooMany = Ids.infoHash();
        double before = metric("tracker_failures_total", "reason", "too_many_swarms");

        JsonObject refused = p.request(ClientAnnounce.started(oneTooMany, peerId).toString());

        assertThat(refused.getString("failure reason")).isEqualTo("too many swarms on one connection (max 3)");
        assertThat(refused.getString("action")).isEqualTo("announce");
        assertThat(refused.getString("info_hash")).isEqualTo(oneTooMany);
        assertThat(metric("tracker_failures_total", "reason", "too_many_swarms")).isEqualTo(before + 1);
        assertThat(tracker.stats().getInteger("swarms")).isEqualTo(MAX_SWARMS);
        assertThat(peer().scrape(oneTooMany).getInteger("incomplete")).isZero();
        // re-announcing a swarm it holds is not a new one
        p.announce(ClientAnnounce.of(swarms[0], peerId).toString());

        p.announce(ClientAnnounce.of(swarms[0], peerId).withEvent(Event.STOPPED).toString());
        assertThat(p.announce(ClientAnnounce.started(oneTooMany, peerId).toString()).getInteger("incomplete")).isEqualTo(1);
    }

    @Test
    void theSecondPeerIdIsServedTheThirdIsRefusedAndReusingOneIsFine() {
        Peer p = peer();
        String first = Ids.peerId();
        String second = Ids.peerId();
        p.announce(ClientAnnounce.started(Ids.infoHash(), first).toString());
        p.announce(ClientAnnounce.started(Ids.infoHash(), second).toString());
        String third = Ids.infoHash();

        JsonObject refused = p.request(ClientAnnounce.started(third, Ids.peerId()).toString());

        assertThat(refused.getString("failure reason")).isEqualTo("too many peer_ids on one connection (max 2)");
        assertThat(refused.getString("info_hash")).isEqualTo(third);
        assertThat(p.isClosed()).isFalse();
        // P2P Media Loader's one peer_id per swarm stays within it when ids are reused
        assertThat(p.announce(ClientAnnounce.started(third, first).toString()).getInteger("incomplete")).isEqualTo(1);
    }
}
