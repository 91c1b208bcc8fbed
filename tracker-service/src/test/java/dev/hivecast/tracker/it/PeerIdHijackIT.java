package dev.hivecast.tracker.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivecast.protocol.AnswerRequest;
import dev.hivecast.protocol.ClientAnnounce;
import dev.hivecast.protocol.Event;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A connection that claims another viewer's peer_id gets nothing meant for that viewer
 * (docs/protocol.md#f42, #e36, #e37): it cannot take the membership over, receives none of the offers
 * relayed to it nor the answers to its offers, and cannot inject an answer in another's name.
 * Victim and attacker are different clients by X-Forwarded-For from the trusted 127.0.0.1 (over
 * loopback every socket has the same address, and the same address may take a peer_id over: that
 * is how a reconnect works). The tracker runs two event loops, so these connections are spread
 * over both; {@link PeerIdAcrossLoopsIT} places them on chosen loops.
 */
class PeerIdHijackIT extends TrackerTestBase {

    private static final String PEER_ID_TAKEN = "peer_id is in use by another connection";

    @Override
    protected String[] flags() {
        return new String[] {"--limits.trusted-proxies", "127.0.0.1"};
    }

    private Peer client(String ip) {
        return track(clients.connect(tracker.port(), "/", Map.of("X-Forwarded-For", ip)));
    }

    @Test
    void F42_aPeerIdHeldByAnotherClientCannotBeTakenAndItsOffersStillReachTheVictim() {
        String infoHash = Ids.infoHash();
        String victimId = Ids.peerId();
        Peer victim = client("198.51.100.1");
        victim.announce(ClientAnnounce.started(infoHash, victimId).toString());
        Peer attacker = client("198.51.100.66");

        JsonObject refused = attacker.request(ClientAnnounce.started(infoHash, victimId).toString());

        assertThat(refused.getString("failure reason")).isEqualTo(PEER_ID_TAKEN);
        assertThat(victim.scrape(infoHash).getInteger("incomplete")).isEqualTo(1);
        // an offer for the swarm's one other member goes to the victim, never to the attacker
        Peer offerer = client("198.51.100.2");
        offerer.announce(ClientAnnounce.of(infoHash, Ids.peerId()).withOffers(Sdp.offers(3)).withEvent(Event.STARTED).toString());
        // next(), not a barrier: an offer forwarded from the offerer's loop may land after it
        assertThat(victim.next().containsKey("offer")).isTrue();
        assertThat(victim.receivedBeforeBarrier()).isEmpty();
        assertThat(attacker.receivedBeforeBarrier()).isEmpty();
    }

    @Test
    void E36_E37_answersToTheVictimsOfferReachOnlyTheVictimAndASpoofedAnswerIsRefused() {
        String infoHash = Ids.infoHash();
        String victimId = Ids.peerId();
        String answererId = Ids.peerId();
        Peer answerer = client("198.51.100.3");
        answerer.announce(ClientAnnounce.started(infoHash, answererId).toString());
        Peer victim = client("198.51.100.4");
        victim.announce(ClientAnnounce.started(infoHash, victimId).toString());
        Peer attacker = client("198.51.100.67");
        attacker.request(ClientAnnounce.started(infoHash, victimId).toString()); // refused, as above

        victim.announce(ClientAnnounce.of(infoHash, victimId).withOffers(Sdp.offers(List.of("offer-to-answerer"))).toString());
        JsonObject offer = answerer.next();
        assertThat(offer.getString("offer_id")).isEqualTo("offer-to-answerer");

        // the attacker, knowing both ids and the offer_id, answers in the answerer's name
        JsonObject spoofed = attacker.request(AnswerRequest.of(infoHash, answererId, victimId, "offer-to-answerer", Sdp.answer()).toString());
        assertThat(spoofed.getString("failure reason")).startsWith("Could not find the offer");
        // the real answer reaches the victim, stamped with the answerer's id; the attacker sees none of it
        answerer.send(AnswerRequest.of(infoHash, answererId, victimId, "offer-to-answerer", Sdp.answer()).toString());
        // next(), not a barrier: the answerer and the victim may be on different loops, and an
        // answer gets no reply, so nothing orders the victim's barrier after it
        JsonObject toVictim = victim.next();
        assertThat(toVictim.getString("peer_id")).isEqualTo(answererId);
        assertThat(toVictim.containsKey("answer")).isTrue();
        assertThat(victim.receivedBeforeBarrier()).isEmpty();
        assertThat(attacker.receivedBeforeBarrier()).isEmpty();
    }

    @Test
    void F42_aPeerIdIsFreeAgainOnceItsConnectionClosed() {
        String infoHash = Ids.infoHash();
        String victimId = Ids.peerId();
        Peer victim = client("198.51.100.5");
        victim.announce(ClientAnnounce.started(infoHash, victimId).toString());
        victim.close();
        tracker.awaitStats("victim gone", s -> s.getInteger("members") == 0);

        assertThat(client("198.51.100.68").announce(ClientAnnounce.started(infoHash, victimId).toString()).getInteger("incomplete")).isEqualTo(1);
    }
}
