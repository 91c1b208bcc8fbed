package dev.hivecast.tracker.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivecast.protocol.AnswerRequest;
import dev.hivecast.protocol.ClientAnnounce;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bounds on relaying (docs/protocol.md#d26, #b11, #e37): how many offers an announce can reach,
 * offer_ids forwarded verbatim, and answers forwarded only where an offer was really relayed.
 */
class RelayLimitsIT extends BadInputTestBase {

    private static final int MAX_OFFERS = 3;

    @Override
    protected String[] flags() {
        return new String[] {"--announce.max-offers", String.valueOf(MAX_OFFERS)};
    }

    @Test
    void B11_anOfferIdOfExactly64CharactersIsRelayedVerbatim() {
        Scene s = scene();
        String offerId = "\u00ff\\\"/ \u0001" + "o".repeat(58);
        assertThat(offerId).hasSize(64);

        s.offender().announce(ClientAnnounce.of(s.infoHash(), s.offenderId()).withOffers(Sdp.offers(List.of(offerId))).toString());

        assertThat(s.bystander().next().getString("offer_id")).isEqualTo(offerId);
    }

    // ---- values that are odd but valid ----------------------------------------------------------

    @ParameterizedTest(name = "numwant {0}")
    @ValueSource(strings = {"1e300", "1180591620717411303424"}) // 2^70
    void D26_aHugeNumwantMeansAsManyOffersAsThereAreMembers(String numwant) {
        String infoHash = Ids.infoHash();
        List<Peer> others = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            others.add(member(infoHash, Ids.peerId()));
        }
        String offenderId = Ids.peerId();
        Peer offerer = member(infoHash, offenderId);
        List<String> offerIds = List.of(Ids.offerId(), Ids.offerId());
        String announce = ClientAnnounce.of(infoHash, offenderId).withNumwant(0).withOffers(Sdp.offers(offerIds)).toString()
                .replace("\"numwant\":0", "\"numwant\":" + numwant);

        assertThat(offerer.announce(announce).getInteger("incomplete")).isEqualTo(4);

        assertThat(offersReceived(others, offenderId, offerIds.size())).containsExactlyInAnyOrderElementsOf(offerIds);
    }

    @Test
    void D26_offersBeyondMaxOffersAreDroppedAndExactlyMaxOffersAreRelayed() {
        String infoHash = Ids.infoHash();
        List<Peer> others = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            others.add(member(infoHash, Ids.peerId()));
        }
        String offererId = Ids.peerId();
        Peer offerer = member(infoHash, offererId);
        List<String> offerIds = List.of(Ids.offerId(), Ids.offerId(), Ids.offerId(), Ids.offerId(), Ids.offerId());

        offerer.announce(ClientAnnounce.of(infoHash, offererId).withOffers(Sdp.offers(offerIds)).toString());

        // The first max-offers offers are kept; the surplus is dropped without a word.
        assertThat(offersReceived(others, offererId, MAX_OFFERS)).containsExactlyInAnyOrderElementsOf(offerIds.subList(0, MAX_OFFERS));
        offerer.assertNothingReceived();
    }

    // ---- answers that do not match a relayed offer ----------------------------------------------

    @Test
    void E37_anAnswerToAnUnknownPeerGetsCouldNotFindTheOffer() {
        assertRejected(s -> AnswerRequest.of(s.infoHash(), s.offenderId(), Ids.peerId(), Ids.offerId(), Sdp.answer()).toString(),
                "{\"action\":\"announce\",\"failure reason\":\"" + NO_MATCHING_OFFER + "\",\"info_hash\":\"{ih}\"}");
    }

    @Test
    void E37_anAnswerToAnUnknownSwarmGetsCouldNotFindTheOffer() {
        String unknownSwarm = Ids.infoHash();
        assertRejected(s -> AnswerRequest.of(unknownSwarm, s.offenderId(), s.bystanderId(), Ids.offerId(), Sdp.answer()).toString(),
                "{\"action\":\"announce\",\"failure reason\":\"" + NO_MATCHING_OFFER + "\",\"info_hash\":\"" + unknownSwarm + "\"}");
    }

    @Test
    void E37_anAnswerIsForwardedOnlyByTheConnectionThatWasSentTheOfferAndOnlyOnce() {
        Scene s = scene();
        String offerId = Ids.offerId();
        // The bystander offers; the offender, the only other member, is sent that offer.
        s.bystander().announce(ClientAnnounce.of(s.infoHash(), s.bystanderId()).withOffers(Sdp.offers(List.of(offerId))).toString());
        assertThat(s.offender().next().getString("offer_id")).isEqualTo(offerId);
        String refused = s.fill("{\"action\":\"announce\",\"failure reason\":\"" + NO_MATCHING_OFFER + "\",\"info_hash\":\"{ih}\"}");

        // Another connection, never sent the offer, answers it, even claiming the offender's id.
        Peer stranger = peer();
        assertThat(stranger.request(AnswerRequest.of(s.infoHash(), Ids.peerId(), s.bystanderId(), offerId, Sdp.answer()).toString()).encode()).isEqualTo(refused);
        assertThat(stranger.request(AnswerRequest.of(s.infoHash(), s.offenderId(), s.bystanderId(), offerId, Sdp.answer()).toString()).encode()).isEqualTo(refused);
        // The offender answers an offer_id it was not sent.
        assertThat(s.offender().request(AnswerRequest.of(s.infoHash(), s.offenderId(), s.bystanderId(), Ids.offerId(), Sdp.answer()).toString()).encode()).isEqualTo(refused);
        s.bystander().assertNothingReceived();
        stranger.close();
        tracker.awaitConnections(2);

        // The real answer goes through, stamped with the offender's id, and only once.
        s.offender().send(AnswerRequest.of(s.infoHash(), s.offenderId(), s.bystanderId(), offerId, Sdp.answer()).toString());
        JsonObject answer = s.bystander().next();
        assertThat(answer.getString("offer_id")).isEqualTo(offerId);
        assertThat(answer.getString("peer_id")).isEqualTo(s.offenderId());
        assertThat(answer.containsKey("to_peer_id")).isFalse();
        assertThat(s.offender().request(AnswerRequest.of(s.infoHash(), s.offenderId(), s.bystanderId(), offerId, Sdp.answer()).toString()).encode()).isEqualTo(refused);
        s.offender().assertNothingReceived();
        s.bystander().assertNothingReceived();
        assertStateUnchanged(s);
    }
}
