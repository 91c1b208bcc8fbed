package dev.hivecast.tracker.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivecast.protocol.ClientAnnounce;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Bad input from one connection (docs/protocol.md#h-errors, and #b8, #c17, #d30, #e37, #g51, #i65). The rule
 * every case follows: the reply is the failure reason the codec defines, with {@code action} and
 * {@code info_hash} exactly when the request got that far (docs/protocol.md#decisions, #h55); nothing changes in any
 * swarm; the connection keeps working; and a peer of the same swarm on another connection never
 * notices. Every case starts from a swarm holding the offender and one bystander.
 */
abstract class BadInputTestBase extends TrackerTestBase {

    static final String NO_MATCHING_OFFER =
            "Could not find the offer corresponding to your answer. It may have expired.";
    static final String OFFER = "{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n\"}";
    static final String ANSWER = "{\"type\":\"answer\",\"sdp\":\"v=0\\r\\n\"}";

    /** The swarm before the bad message: its info_hash, the offender, the bystander, the counts. */
    record Scene(String infoHash, String offenderId, Peer offender, String bystanderId, Peer bystander,
                 JsonObject stats, JsonObject scrape) {

        /** The template with {@code {ih}}, {@code {peer}} and {@code {other}} replaced by the scene's ids. */
        String fill(String template) {
            return template.replace("{ih}", infoHash).replace("{peer}", offenderId).replace("{other}", bystanderId);
        }
    }

    Scene scene() {
        String infoHash = Ids.infoHash();
        String bystanderId = Ids.peerId();
        Peer bystander = member(infoHash, bystanderId);
        String offenderId = Ids.peerId();
        Peer offender = member(infoHash, offenderId);
        return new Scene(infoHash, offenderId, offender, bystanderId, bystander, tracker.stats(), offender.scrape(infoHash));
    }

    /** In a fresh scene, the offender sends the template filled in; the rule above must hold. */
    void assertRejected(String template, String expectedReply) {
        assertRejected(s -> s.fill(template), expectedReply);
    }

    /** The same, for a request built from the scene's ids. */
    void assertRejected(java.util.function.Function<Scene, String> request, String expectedReply) {
        Scene s = scene();
        s.offender().send(request.apply(s));
        assertReplyAndNoSideEffects(s, expectedReply);
    }

    void assertReplyAndNoSideEffects(Scene s, String expectedReply) {
        assertThat(s.offender().nextFrame()).isEqualTo(s.fill(expectedReply));
        s.offender().assertNothingReceived();
        s.bystander().assertNothingReceived();
        assertStateUnchanged(s);
        assertStillWorks(s);
    }

    void assertStateUnchanged(Scene s) {
        JsonObject now = tracker.stats();
        for (String key : List.of("connections", "swarms", "members", "seeders", "leechers")) {
            assertThat(now.getInteger(key)).as(key).isEqualTo(s.stats().getInteger(key));
        }
        assertThat(s.offender().scrape(s.infoHash())).isEqualTo(s.scrape());
    }

    /** The same connection is served: its announce gets the reply, its offer reaches the bystander. */
    void assertStillWorks(Scene s) {
        String offerId = Ids.offerId();
        JsonObject reply = s.offender().announce(ClientAnnounce.of(s.infoHash(), s.offenderId()).withOffers(Sdp.offers(List.of(offerId))).toString());
        assertThat(reply.getInteger("incomplete")).isEqualTo(2);
        JsonObject offer = s.bystander().next();
        assertThat(offer.getString("offer_id")).isEqualTo(offerId);
        assertThat(offer.getString("peer_id")).isEqualTo(s.offenderId());
    }

    /** The offer_ids that reached the peers, checking each got at most one and all from the offerer. */
    static List<String> offersReceived(List<Peer> peers, String offererId, int expected) {
        // An offer forwarded to another event loop is posted there after the offerer's reply was
        // written: a barrier on the receiver's connection does not order it. So wait (bounded)
        // for the expected number, and take one more barrier round to see any surplus.
        List<String> offerIds = new ArrayList<>();
        int[] perPeer = new int[peers.size()];
        long deadline = System.nanoTime() + RunningTracker.WAIT.toNanos();
        boolean lastRound = false;
        while (!lastRound) {
            lastRound = offerIds.size() >= expected || System.nanoTime() > deadline;
            for (int i = 0; i < peers.size(); i++) {
                for (JsonObject m : peers.get(i).receivedBeforeBarrier()) {
                    assertThat(m.getString("peer_id")).isEqualTo(offererId);
                    offerIds.add(m.getString("offer_id"));
                    perPeer[i]++;
                }
                assertThat(perPeer[i]).as("offers to one member").isLessThanOrEqualTo(1);
            }
        }
        Set<String> distinct = new HashSet<>(offerIds);
        assertThat(distinct).hasSameSizeAs(offerIds);
        return offerIds;
    }
}
