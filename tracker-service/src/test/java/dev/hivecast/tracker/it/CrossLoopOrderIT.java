package dev.hivecast.tracker.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivecast.protocol.ClientAnnounce;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A loop handles what it is given in the order it is given, whether from a socket or from
 * another loop: an offer relayed to a peer on another event loop reaches it before the reply to
 * anything that peer sends after the offerer got its own reply. Netty handles an iteration's
 * socket reads before its queued tasks, so an offer handed over as a plain task could be
 * overtaken by the receiver's next message (GoldenReplayIT failed about one run in three on that).
 *
 * <p>Six members on the test tracker's two loops (Vert.x deals connections round robin), so an
 * announce with five offers always sends some to the other loop under local-first routing. The
 * race needs the receiving loop to be busy or descheduled at the wrong moment, so it is tried
 * many times.
 */
class CrossLoopOrderIT extends TrackerTestBase {

    private static final int MEMBERS = 6;
    private static final int ROUNDS = 60;

    @Test
    void anOfferFromAnotherLoopArrivesBeforeTheReplyToTheReceiversNextMessage() {
        String swarm = Ids.infoHash();
        List<Peer> members = new ArrayList<>();
        List<String> peerIds = new ArrayList<>();
        for (int i = 0; i < MEMBERS; i++) {
            String peerId = Ids.peerId();
            members.add(member(swarm, peerId));
            peerIds.add(peerId);
        }
        for (int round = 0; round < ROUNDS; round++) {
            int announcer = round % MEMBERS;
            members.get(announcer).announce(ClientAnnounce.of(swarm, peerIds.get(announcer))
                    .withNumwant(MEMBERS - 1).withOffers(Sdp.offers(MEMBERS - 1)).toString());
            for (int i = 0; i < MEMBERS; i++) {
                if (i == announcer) {
                    continue;
                }
                // Sent only now, after the offerer's reply: every offer was handed over before it.
                List<JsonObject> before = members.get(i).receivedBeforeBarrier();
                assertThat(before).as("round %d: what member %d had before its scrape reply", round, i)
                        .singleElement()
                        .satisfies(offer -> assertThat(offer.getString("peer_id")).isEqualTo(peerIds.get(announcer)));
            }
        }
    }
}
