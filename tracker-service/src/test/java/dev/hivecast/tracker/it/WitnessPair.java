package dev.hivecast.tracker.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivecast.protocol.AnswerRequest;
import dev.hivecast.protocol.ClientAnnounce;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Two players in a swarm of their own, each on its own connection, while a test floods the same
 * tracker: the offerer announces with one offer per {@link #PACE} and times the announce round
 * trip, the answerer answers each offer it is relayed, and the offerer must receive every answer.
 * The flood must reach neither: {@link #stopAndAssertServed} checks the p99 round trip against
 * {@link #P99_BOUND} and that every round was relayed and answered.
 */
final class WitnessPair implements AutoCloseable {

    static final Duration PACE = Duration.ofMillis(20);
    /** The bound the hardening promises for a player's announce under any one client's flood. */
    static final Duration P99_BOUND = Duration.ofMillis(100);

    private final Peer offerer;
    private final Peer answerer;
    private final String infoHash = Ids.infoHash();
    private final String offererId = Ids.peerId();
    private final String answererId = Ids.peerId();
    private final RoundTrips roundTrips = new RoundTrips();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Throwable failure;
    private volatile int answered;

    private WitnessPair(Peer offerer, Peer answerer) {
        this.offerer = offerer;
        this.answerer = answerer;
        answerer.announce(ClientAnnounce.started(infoHash, answererId).toString());
        thread = new Thread(this::run, "witness-pair");
        thread.setDaemon(true);
        thread.start();
    }

    /** Starts the rounds at once; both peers must be fresh connections of their own. */
    static WitnessPair start(Peer offerer, Peer answerer) {
        return new WitnessPair(offerer, answerer);
    }

    /** Waits (bounded) until {@code n} rounds were answered: the flood lasted that long. */
    void awaitRounds(int n) {
        org.awaitility.Awaitility.await("the witness pair's rounds").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(10)).until(() -> answered >= n || failure != null);
    }

    /** Rounds whose offer was relayed and whose answer came back. */
    int rounds() {
        return answered;
    }

    private void run() {
        // bounded: one round per pace at most, and never past 5 minutes
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        for (int round = 0; running && System.nanoTime() < deadline; round++) {
            try {
                round(round == 0, "witness-" + round);
                Thread.sleep(PACE.toMillis()); // pacing of a player, not a wait for a result
            } catch (InterruptedException e) {
                return;
            } catch (Throwable e) {
                failure = e;
                return;
            }
        }
    }

    private void round(boolean first, String offerId) {
        ClientAnnounce announce = first ? ClientAnnounce.started(infoHash, offererId) : ClientAnnounce.of(infoHash, offererId);
        long sent = System.nanoTime();
        offerer.announce(announce.withOffers(Sdp.offers(List.of(offerId))).toString());
        roundTrips.add(System.nanoTime() - sent);

        JsonObject offer = answerer.next();
        assertThat(offer.getString("offer_id")).as("offer relayed to the answerer: %s", offer).isEqualTo(offerId);
        answerer.send(AnswerRequest.of(infoHash, answererId, offererId, offerId, Sdp.answer()).toString());
        JsonObject answer = offerer.next();
        assertThat(answer.getString("offer_id")).as("answer relayed to the offerer: %s", answer).isEqualTo(offerId);
        answered++;
    }

    /** Stops the rounds and checks the pair was served all along: every offer answered, p99 bounded. */
    Duration stopAndAssertServed() throws InterruptedException {
        running = false;
        thread.join(10_000);
        assertThat(failure).as("the witness pair's rounds failed").isNull();
        assertThat(answered).as("rounds of the witness pair relayed and answered during the flood").isGreaterThan(5);
        Duration p99 = roundTrips.p99();
        assertThat(p99).as("p99 announce round trip of the witness pair over %d announces", roundTrips.count())
                .isLessThan(P99_BOUND);
        return p99;
    }

    @Override
    public void close() {
        running = false;
        offerer.close();
        answerer.close();
    }
}
