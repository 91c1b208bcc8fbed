package dev.hivecast.tracker.swarm;

import static dev.hivecast.tracker.swarm.LoopHarness.answer;
import static dev.hivecast.tracker.swarm.LoopHarness.infoHash;
import static dev.hivecast.tracker.swarm.LoopHarness.peerId;
import static dev.hivecast.tracker.swarm.LoopHarness.started;
import static dev.hivecast.tracker.swarm.LoopHarness.startedWithOffers;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hivecast.protocol.AnnounceResponse;
import dev.hivecast.protocol.AnswerMessage;
import dev.hivecast.protocol.ErrorResponse;
import dev.hivecast.protocol.InfoHash;
import dev.hivecast.protocol.OfferMessage;
import dev.hivecast.protocol.PeerId;
import dev.hivecast.tracker.config.Configs;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** docs/protocol.md#e-answers: an answer goes back to the peer that made the offer, and only there. */
class AnswerRoutingTest {

    private final InfoHash swarm = infoHash();
    private final PeerId offererId = peerId();
    private final PeerId answererId = peerId();

    @ParameterizedTest(name = "offerer and answerer on {0} loop(s)")
    @ValueSource(ints = {1, 2})
    void E33_E38_theAnswerReachesTheOffererAndTheAnswererGetsNoReply(int loops) {
        LoopHarness node = new LoopHarness(loops);
        var answerer = node.client(loops - 1).announce(started(swarm, answererId));
        var offerer = node.client(0).announce(startedWithOffers(swarm, offererId, 1));
        OfferMessage offer = answerer.last(OfferMessage.class);
        answerer.forget();

        answerer.answer(answer(swarm, answererId, offererId, offer.offerId()));

        AnswerMessage got = offerer.last(AnswerMessage.class);
        assertThat(got.peerId()).isEqualTo(answererId);
        assertThat(got.offerId()).isEqualTo(offer.offerId());
        assertThat(got.infoHash()).isEqualTo(swarm);
        assertThat(answerer.received).as("no announce reply to an answer").isEmpty();
    }

    @Test
    void E35_anAnswerToAnUnknownPeerIsDroppedAndTheConnectionKeepsWorking() {
        LoopHarness node = new LoopHarness(1);
        var answerer = node.client(0).announce(started(swarm, answererId));

        answerer.answer(answer(swarm, answererId, peerId(), "no-such-offer"));

        assertThat(answerer.last(ErrorResponse.class).reason()).contains("Could not find the offer");
        assertThat(answerer.last(ErrorResponse.class).infoHash()).isEqualTo(swarm);
        answerer.announce(started(swarm, answererId));
        assertThat(answerer.last(AnnounceResponse.class).incomplete()).isEqualTo(1);
        assertThat(node.drops(Drop.ANSWER_UNPAIRED)).isEqualTo(1);
    }

    @Test
    void E36_theForwardedAnswerCarriesTheAnswerersBoundPeerIdNotTheClaimedOne() {
        LoopHarness node = new LoopHarness(1);
        var answerer = node.client(0).announce(started(swarm, answererId));
        var offerer = node.client(0).announce(startedWithOffers(swarm, offererId, 1));
        var victimId = peerId();
        node.client(0).announce(started(swarm, victimId));
        OfferMessage offer = answerer.last(OfferMessage.class);

        answerer.answer(answer(swarm, victimId, offererId, offer.offerId()));

        assertThat(offerer.last(AnswerMessage.class).peerId()).isEqualTo(answererId);
    }

    @Test
    void E37_anAnswerIsForwardedOnlyByThePeerThatReceivedTheOfferAndOnlyOnce() {
        LoopHarness node = new LoopHarness(1);
        var answerer = node.client(0).announce(started(swarm, answererId));
        var offerer = node.client(0).announce(startedWithOffers(swarm, offererId, 1));
        var bystander = node.client(0).announce(started(swarm, peerId()));
        OfferMessage offer = answerer.last(OfferMessage.class);

        bystander.answer(answer(swarm, peerId(), offererId, offer.offerId()));
        assertThat(offerer.received(AnswerMessage.class)).as("a peer that never got the offer").isEmpty();

        answerer.answer(answer(swarm, answererId, offererId, offer.offerId()));
        answerer.answer(answer(swarm, answererId, offererId, offer.offerId()));
        assertThat(offerer.received(AnswerMessage.class)).as("once").hasSize(1);
    }

    @Test
    void E37_anAnswerAfterTheOfferTtlIsRefused() {
        LoopHarness node = new LoopHarness(1);
        var answerer = node.client(0).announce(started(swarm, answererId));
        var offerer = node.client(0).announce(startedWithOffers(swarm, offererId, 1));
        OfferMessage offer = answerer.last(OfferMessage.class);

        node.advance(Duration.ofSeconds(121));
        answerer.answer(answer(swarm, answererId, offererId, offer.offerId()));

        assertThat(offerer.received(AnswerMessage.class)).isEmpty();
        assertThat(answerer.last(ErrorResponse.class).reason()).contains("expired");
    }

    @Test
    void E37_withPairingOffAnAnswerIsRoutedByToPeerIdAcrossLoops() {
        SwarmSettings unpaired = SwarmSettings.of(Configs.parse("--announce.pair-answers=false"));
        LoopHarness node = new LoopHarness(2, unpaired);
        var offerer = node.client(0).announce(started(swarm, offererId));
        var answerer = node.client(1).announce(started(swarm, answererId));

        answerer.answer(answer(swarm, answererId, offererId, "made-up-offer-id"));

        assertThat(offerer.last(AnswerMessage.class).offerId()).isEqualTo("made-up-offer-id");
        assertThat(answerer.received(ErrorResponse.class)).isEmpty();
    }

    @Test
    void anAnswerToAnOffererThatDisconnectedIsDroppedAndCounted() {
        LoopHarness node = new LoopHarness(2);
        var answerer = node.client(1).announce(started(swarm, answererId));
        var offerer = node.client(0).announce(startedWithOffers(swarm, offererId, 1));
        OfferMessage offer = answerer.last(OfferMessage.class);
        offerer.close();

        answerer.answer(answer(swarm, answererId, offererId, offer.offerId()));

        assertThat(offerer.received(AnswerMessage.class)).isEmpty();
        assertThat(node.drops(Drop.ANSWER_UNKNOWN_PEER)).isEqualTo(1);
    }
}
