package dev.hivecast.tracker.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivecast.protocol.ClientAnnounce;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A player that keeps announcing on its own connection while a test abuses the same tracker, and
 * times every announce round trip: the abuse must not reach it. Runs on a thread of its own,
 * paced (one announce per {@link #PACE}, or slower under rate limits), until stopped.
 */
final class WellBehavedPlayer implements AutoCloseable {

    static final Duration PACE = Duration.ofMillis(20);
    /** Generous: the machine is shared; a normal round trip on loopback is well under a millisecond. */
    static final Duration P99_BOUND = Duration.ofMillis(500);

    private final Peer peer;
    private final String infoHash = Ids.infoHash();
    private final String peerId = Ids.peerId();
    private final RoundTrips roundTrips = new RoundTrips();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Throwable failure;
    private final Duration pace;

    private WellBehavedPlayer(Peer peer, Duration pace) {
        this.peer = peer;
        this.pace = pace;
        peer.announce(ClientAnnounce.started(infoHash, peerId).toString());
        thread = new Thread(this::run, "well-behaved-player");
        thread.setDaemon(true);
        thread.start();
    }

    static WellBehavedPlayer start(Peer peer) {
        return new WellBehavedPlayer(peer, PACE);
    }

    /** One announce per {@code pace}: slow enough for the announce rate limits under test. */
    static WellBehavedPlayer start(Peer peer, Duration pace) {
        return new WellBehavedPlayer(peer, pace);
    }

    /** Waits (bounded) until the player has made {@code n} announces: the abuse lasted that long. */
    void awaitAnnounces(int n) {
        org.awaitility.Awaitility.await("the well-behaved player's announces").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(10)).until(() -> roundTrips.count() >= n || failure != null);
    }

    /** Announces answered so far. */
    int announces() {
        return roundTrips.count();
    }

    private void run() {
        // bounded: at most one announce per pace for as long as the test runs, and never past 5 minutes
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (running && System.nanoTime() < deadline) {
            try {
                long sent = System.nanoTime();
                peer.announce(ClientAnnounce.of(infoHash, peerId).toString());
                roundTrips.add(System.nanoTime() - sent);
                Thread.sleep(pace.toMillis()); // pacing of a player, not a wait for a result
            } catch (InterruptedException e) {
                return;
            } catch (Throwable e) {
                failure = e;
                return;
            }
        }
    }

    /** Stops the player and checks it was served all along, with a bounded p99 round trip. */
    Duration stopAndAssertServed() throws InterruptedException {
        running = false;
        thread.join(10_000);
        assertThat(failure).as("the well-behaved player's announces failed").isNull();
        assertThat(roundTrips.count()).as("announces of the well-behaved player during the abuse").isGreaterThan(5);
        Duration p99 = roundTrips.p99();
        assertThat(p99).as("p99 announce round trip of the well-behaved player over %d announces", roundTrips.count())
                .isLessThan(P99_BOUND);
        return p99;
    }

    @Override
    public void close() {
        running = false;
        peer.close();
    }
}
