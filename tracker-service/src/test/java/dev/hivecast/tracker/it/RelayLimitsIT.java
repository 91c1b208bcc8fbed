package dev.hivecast.tracker.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bounds on relaying (PROTOCOL.md 9.D26, B11, E37): how many offers an announce can reach,
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

        s.offender().announce(Msg.announce(s.infoHash(), s.offenderId()).offers(List.of(offerId)).toString());

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
        String announce = Msg.announce(infoHash, offenderId).numwant(0).offers(offerIds).toString()
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

        offerer.announce(Msg.announce(infoHash, offererId).offers(offerIds).toString());

        // The first max-offers offers are kept; the surplus is dropped without a word.
        assertThat(offersReceived(others, offererId, MAX_OFFERS)).containsExactlyInAnyOrderElementsOf(offerIds.subList(0, MAX_OFFERS));
        offerer.assertNothingReceived();
    }

    // ---- answers that do not match a relayed offer ----------------------------------------------

    @Test
    void E37_anAnswerToAnUnknownPeerGetsCouldNotFindTheOffer() {
        assertRejected(Msg.answer("{ih}", "{peer}", Ids.peerId(), Ids.offerId()),
                "{\"action\":\"announce\",\"failure reason\":\"" + NO_MATCHING_OFFER + "\",\"info_hash\":\"{ih}\"}");
    }

    @Test
    void E37_anAnswerToAnUnknownSwarmGetsCouldNotFindTheOffer() {
        String unknownSwarm = Ids.infoHash();
        assertRejected(Msg.answer(unknownSwarm, "{peer}", "{other}", Ids.offerId()),
                "{\"action\":\"announce\",\"failure reason\":\"" + NO_MATCHING_OFFER + "\",\"info_hash\":\"" + unknownSwarm + "\"}");
    }

    @Test
    void E37_anAnswerIsForwardedOnlyByTheConnectionThatWasSentTheOfferAndOnlyOnce() {
        Scene s = scene();
        String offerId = Ids.offerId();
        // The bystander offers; the offender, the only other member, is sent that offer.
        s.bystander().announce(Msg.announce(s.infoHash(), s.bystanderId()).offers(List.of(offerId)).toString());
        assertThat(s.offender().next().getString("offer_id")).isEqualTo(offerId);
        String refused = s.fill("{\"action\":\"announce\",\"failure reason\":\"" + NO_MATCHING_OFFER + "\",\"info_hash\":\"{ih}\"}");

        // Another connection, never sent the offer, answers it, even claiming the offender's id.
        Peer stranger = peer();
        assertThat(stranger.request(Msg.answer(s.infoHash(), Ids.peerId(), s.bystanderId(), offerId)).encode()).isEqualTo(refused);
        assertThat(stranger.request(Msg.answer(s.infoHash(), s.offenderId(), s.bystanderId(), offerId)).encode()).isEqualTo(refused);
        // The offender answers an offer_id it was not sent.
        assertThat(s.offender().request(Msg.answer(s.infoHash(), s.offenderId(), s.bystanderId(), Ids.offerId())).encode()).isEqualTo(refused);
        s.bystander().assertNothingReceived();
        stranger.close();
        tracker.awaitConnections(2);

        // The real answer goes through, stamped with the offender's id, and only once.
        s.offender().send(Msg.answer(s.infoHash(), s.offenderId(), s.bystanderId(), offerId));
        JsonObject answer = s.bystander().next();
        assertThat(answer.getString("offer_id")).isEqualTo(offerId);
        assertThat(answer.getString("peer_id")).isEqualTo(s.offenderId());
        assertThat(answer.containsKey("to_peer_id")).isFalse();
        assertThat(s.offender().request(Msg.answer(s.infoHash(), s.offenderId(), s.bystanderId(), offerId)).encode()).isEqualTo(refused);
        s.offender().assertNothingReceived();
        s.bystander().assertNothingReceived();
        assertStateUnchanged(s);
    }
}
