package dev.hivecast.tracker.swarm;

import static dev.hivecast.tracker.swarm.LoopHarness.answer;
import static dev.hivecast.tracker.swarm.LoopHarness.infoHash;
import static dev.hivecast.tracker.swarm.LoopHarness.peerId;
import static dev.hivecast.tracker.swarm.LoopHarness.started;
import static dev.hivecast.tracker.swarm.LoopHarness.startedWithOffers;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hivecast.protocol.InfoHash;
import dev.hivecast.protocol.OfferMessage;
import dev.hivecast.protocol.PeerId;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The outcomes the metrics are fed from, reported by the swarm code without any meter: how long
 * an answered offer waited for its answer, and which relayed offers expired unanswered (past the
 * offer TTL, answered too late, or forgotten by a receiver holding too many).
 */
class SignalingOutcomesTest {

    private final InfoHash swarm = infoHash();
    private final PeerId offererId = peerId();
    private final PeerId answererId = peerId();

    @ParameterizedTest(name = "offerer and answerer on {0} loop(s)")
    @ValueSource(ints = {1, 2})
    void anAnsweredOfferReportsTheTimeFromItsRelayToTheAnswer(int loops) {
        LoopHarness node = new LoopHarness(loops);
        var answerer = node.client(loops - 1).announce(started(swarm, answererId));
        node.client(0).announce(startedWithOffers(swarm, offererId, 1));
        OfferMessage offer = answerer.last(OfferMessage.class);

        node.clock.addAndGet(Duration.ofMillis(340).toNanos());
        answerer.answer(answer(swarm, answererId, offererId, offer.offerId()));

        assertThat(node.answeredAfter).containsExactly(Duration.ofMillis(340).toNanos());
    }

    @ParameterizedTest(name = "{0} unanswered offers")
    @ValueSource(ints = {1, 3})
    void offersNotAnsweredWithinTheOfferTtlAreCountedByTheSweepThatForgetsThem(int offers) {
        LoopHarness node = new LoopHarness(1);
        for (int i = 0; i < offers; i++) {
            node.client(0).announce(started(swarm, peerId()));
        }
        node.client(0).announce(startedWithOffers(swarm, offererId, offers));

        assertThat(node.loops.get(0).sweep().expiredOffers()).as("before the offer TTL").isZero();
        node.clock.addAndGet(SwarmSettings.DEFAULTS.announce().offerTtl().toNanos() + 1);
        assertThat(node.loops.get(0).sweep().expiredOffers()).isEqualTo(offers);
        assertThat(node.loops.get(0).sweep().expiredOffers()).as("counted once").isZero();
        assertThat(node.answeredAfter).isEmpty();
    }

    @Test
    void anAnswerAfterTheOfferTtlCountsTheOfferExpiredAndTheAnswerUnpaired() {
        LoopHarness node = new LoopHarness(1);
        var answerer = node.client(0).announce(started(swarm, answererId));
        node.client(0).announce(startedWithOffers(swarm, offererId, 1));
        OfferMessage offer = answerer.last(OfferMessage.class);

        node.clock.addAndGet(SwarmSettings.DEFAULTS.announce().offerTtl().toNanos() + 1);
        answerer.answer(answer(swarm, answererId, offererId, offer.offerId()));

        assertThat(node.drops(Drop.OFFER_EXPIRED)).isEqualTo(1);
        assertThat(node.drops(Drop.ANSWER_UNPAIRED)).isEqualTo(1);
        assertThat(node.answeredAfter).isEmpty();
        assertThat(node.loops.get(0).sweep().expiredOffers()).as("already counted").isZero();
    }

    @Test
    void anOfferForgottenBecauseItsReceiverHoldsTooManyUnansweredCountsAsExpired() {
        LoopHarness node = new LoopHarness(1);
        node.client(0).announce(started(swarm, answererId));
        var offerer = node.client(0);
        int capacity = SwarmSettings.DEFAULTS.connection().maxPendingOffers();
        for (int i = 0; i < capacity; i++) {
            offerer.announce(startedWithOffers(swarm, offererId, 1));
        }
        assertThat(node.drops(Drop.OFFER_EXPIRED)).as("at capacity").isZero();

        offerer.announce(startedWithOffers(swarm, offererId, 1));

        assertThat(node.drops(Drop.OFFER_EXPIRED)).isEqualTo(1);
    }
}
