package dev.hivecast.tracker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hivecast.protocol.AnswerRequest;
import dev.hivecast.protocol.ClientAnnounce;
import dev.hivecast.protocol.Event;
import dev.hivecast.tracker.transport.SignalingLoop;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * docs/protocol.md#identity and #f42 when the two connections of one peer_id are on
 * different event loops of one node, which is where the binding used to leak: the claimant's
 * loop bound the peer_id and relayed its offers before the owner's loop refused the claim, and a
 * reconnect counted the peer twice until the old copy was dropped. A claim must now behave
 * exactly as it does on one loop.
 *
 * <p>Which loop a connection lands on is up to Vert.x (round robin over the verticle instances);
 * the test does not count on that order: it finds each connection's loop from the loops' member
 * counts (each connection first joins a swarm of its own) and opens connections until it has
 * one on each loop. Clients are told apart by X-Forwarded-For from the trusted 127.0.0.1.
 */
class PeerIdAcrossLoopsIT extends TrackerTestBase {

    private static final String PEER_ID_TAKEN = "peer_id is in use by another connection";

    @Override
    protected String[] flags() {
        return new String[] {"--limits.trusted-proxies", "127.0.0.1"};
    }

    /** A connection from {@code ip} and the event loop it landed on. */
    private record Placed(Peer peer, int loop) {
    }

    private Placed connect(String ip) {
        int[] before = memberCounts();
        Peer peer = track(clients.connect(tracker.port(), "/", Map.of("X-Forwarded-For", ip)));
        peer.announce(ClientAnnounce.started(Ids.infoHash(), Ids.peerId()).toString()); // a swarm of its own: shows its loop
        int[] loop = new int[1];
        await("the new connection's member on some loop").atMost(RunningTracker.WAIT).until(() -> {
            int[] after = memberCounts();
            for (int i = 0; i < after.length; i++) {
                if (after[i] == before[i] + 1) {
                    loop[0] = i;
                    return true;
                }
            }
            return false;
        });
        return new Placed(peer, loop[0]);
    }

    /** A connection from {@code ip} on a loop other than {@code other}'s (a few tries at most). */
    private Placed connectAwayFrom(Placed other, String ip) {
        for (int attempt = 0; attempt < 8; attempt++) {
            Placed p = connect(ip);
            if (p.loop() != other.loop()) {
                return p;
            }
        }
        throw new AssertionError("eight connections in a row landed on loop " + other.loop());
    }

    /** A connection from {@code ip} on the same loop as {@code other}. */
    private Placed connectBeside(Placed other, String ip) {
        for (int attempt = 0; attempt < 8; attempt++) {
            Placed p = connect(ip);
            if (p.loop() == other.loop()) {
                return p;
            }
        }
        throw new AssertionError("eight connections in a row missed loop " + other.loop());
    }

    private int[] memberCounts() {
        List<SignalingLoop> loops = tracker.server().loops().all();
        int[] counts = new int[loops.size()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = loops.get(i).swarms().memberCount(); // volatile: safe to read from here
        }
        return counts;
    }

    @Test
    void F42_aPeerIdHeldOnAnotherLoopIsRefusedBeforeAnyOfTheThiefsOffersIsRelayed() {
        String infoHash = Ids.infoHash();
        String victimId = Ids.peerId();
        Placed victim = connect("198.51.100.10");
        victim.peer().announce(ClientAnnounce.started(infoHash, victimId).toString());
        Placed thief = connectAwayFrom(victim, "198.51.100.66");
        // a member on the thief's own loop: the one its offers would reach without leaving that loop
        Placed neighbour = connectBeside(thief, "198.51.100.11");
        String neighbourId = Ids.peerId();
        neighbour.peer().announce(ClientAnnounce.started(infoHash, neighbourId).toString());

        JsonObject refused = thief.peer().request(ClientAnnounce.of(infoHash, victimId).withEvent(Event.STARTED)
                .withOffers(Sdp.offers(List.of("stolen-offer"))).toString());

        assertThat(refused.getString("failure reason")).as("first reply to the thief: %s", refused)
                .isEqualTo(PEER_ID_TAKEN);
        assertThat(neighbour.peer().receivedBeforeBarrier()).as("offers in the victim's name").isEmpty();
        assertThat(victim.peer().receivedBeforeBarrier()).isEmpty();
        assertThat(thief.peer().receivedBeforeBarrier()).isEmpty();
        // the victim's offers still reach the neighbour, and its answer reaches the victim only
        victim.peer().send(ClientAnnounce.of(infoHash, victimId).withOffers(Sdp.offers(List.of("real-offer"))).toString());
        assertThat(victim.peer().next().getInteger("incomplete")).as("victim and neighbour").isEqualTo(2);
        assertThat(neighbour.peer().next().getString("offer_id")).isEqualTo("real-offer");
        neighbour.peer().send(AnswerRequest.of(infoHash, neighbourId, victimId, "real-offer", Sdp.answer()).toString());
        assertThat(victim.peer().next().getString("peer_id")).isEqualTo(neighbourId);
        assertThat(thief.peer().receivedBeforeBarrier()).isEmpty();
    }

    @Test
    void F42_aReconnectOnAnotherLoopTakesThePeerIdOverAndIsCountedOnce() {
        String infoHash = Ids.infoHash();
        String peerId = Ids.peerId();
        Placed old = connect("198.51.100.20");
        old.peer().announce(ClientAnnounce.of(infoHash, peerId).withEvent(Event.STARTED).withLeft(0).toString());
        Placed watcher = connectBeside(old, "198.51.100.21");
        String watcherId = Ids.peerId();
        watcher.peer().announce(ClientAnnounce.started(infoHash, watcherId).toString());
        Placed fresh = connectAwayFrom(old, "198.51.100.20");

        // P2P Media Loader sends no left: the peer stays the seeder it was (docs/protocol.md#decisions)
        JsonObject reply = fresh.peer().request(ClientAnnounce.of(infoHash, peerId).withEvent(Event.STARTED)
                .withOffers(Sdp.offers(List.of("after-reconnect"))).toString());

        assertThat(reply.getString("failure reason")).as("reply %s", reply).isNull();
        assertThat(List.of(reply.getInteger("complete"), reply.getInteger("incomplete")))
                .as("seeders, leechers: the peer once, the watcher once").containsExactly(1, 1);
        JsonObject offer = watcher.peer().next();
        assertThat(offer.getString("offer_id")).isEqualTo("after-reconnect");
        assertThat(offer.getString("peer_id")).isEqualTo(peerId);
        JsonObject counts = watcher.peer().scrape(infoHash);
        assertThat(List.of(counts.getInteger("complete"), counts.getInteger("incomplete"))).containsExactly(1, 1);
        // the old connection's close leaves the rebound peer in place, and its answer reaches the new one
        old.peer().close();
        watcher.peer().send(AnswerRequest.of(infoHash, watcherId, peerId, "after-reconnect", Sdp.answer()).toString());
        assertThat(fresh.peer().next().getString("peer_id")).isEqualTo(watcherId);
        assertThat(watcher.peer().scrape(infoHash).getInteger("complete")).isEqualTo(1);
    }
}
