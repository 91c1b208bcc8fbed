package dev.hivecast.tracker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hivecast.tracker.it.RawWebSocket.Frame;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Pings from a client that never reads (docs/security.md#one-send-budget-per-websocket). Every pong counts against the one
 * send budget of its connection (connection.send-queue-size); once that is full a pong owed is
 * held back (one, for the newest ping) and the connection is closed as a slow consumer, as if
 * relayed messages had filled it. Before, Vert.x queued a pong for every ping past any limit:
 * 200,000 pings of 125 bytes queued 24 MiB for one client.
 *
 * <p>What the tracker held for the client is measured from the outside: after the close decision
 * the client reads everything until the close frame, which is everything the tracker had queued
 * for it (Netty's outbound buffer) plus what the two kernels buffer (small here).
 */
@RunsAlone
class PingFloodIT extends TrackerTestBase {

    private static final int PINGS = 200_000;
    private static final int PINGS_PER_WRITE = 1_000;
    /** The default connection.send-queue-size. */
    private static final int SEND_QUEUE = 256 * 1024;
    /** socket-send-buffer 8 KiB and a 4 KiB receive buffer, each doubled by Linux, and a margin. */
    private static final int KERNEL_ALLOWANCE = 64 * 1024;
    /** One pong frame (2 + 125 bytes) past the budget: the write that filled it. */
    private static final int ONE_PONG = 127;

    @Override
    protected String[] flags() {
        // A closing timeout longer than this test takes: what was queued stays until it has read
        // it (past the timeout it is dropped with the TCP connection).
        return new String[] {"--connection.slow-consumer-timeout", "2s", "--limits.socket-send-buffer", "8KiB",
                "--connection.closing-timeout", "60s"};
    }

    @Test
    void I62_pongsToAClientThatNeverReadsStayWithinItsBudgetAndItIsClosedAsASlowConsumer_whileAPairIsServed()
            throws Exception {
        double slowClosesBefore = metric("tracker_connections_closed_total", "reason", "slow_consumer");
        try (WitnessPair witness = WitnessPair.start(peer(), peer())) {
            RawWebSocket flooder = raw(Map.of(), 4096);
            AtomicInteger sent = new AtomicInteger();
            // Its own thread: once the budget is full the tracker stops reading the flooder, and
            // its writes block until it reads (or its connection is dropped).
            Thread flood = new Thread(() -> flood(flooder, sent), "ping-flood");
            flood.setDaemon(true);
            long started = System.nanoTime();
            flood.start();

            // /stats, not /metrics, while the witness is timed: rendering every meter on the public
            // port is itself a cost to the loops (docs/security.md#the-ops-endpoints), and not this test's subject.
            await("the flooder closed").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> tracker.stats().getInteger("connections") == 2);
            int sentAtClose = sent.get();
            System.out.printf("PingFloodIT: closed %d ms after the flood began, %d pings of 125 B written by then%n",
                    (System.nanoTime() - started) / 1_000_000, sentAtClose);
            assertThat(tracker.get("/health").statusCode()).isEqualTo(200);
            assertThat((long) sentAtClose * ONE_PONG).as("pongs owed for the pings written: more than the budget holds")
                    .isGreaterThan(SEND_QUEUE + KERNEL_ALLOWANCE);

            long held = 0;
            int pongs = 0;
            int closeCode = -1;
            for (int frames = 0; frames < PINGS + 1 && closeCode < 0; frames++) {
                Frame f = flooder.readFrame(RunningTracker.WAIT.toMillis());
                if (f.opcode() == RawWebSocket.CLOSE) {
                    closeCode = f.closeCode();
                } else {
                    assertThat(f.opcode()).isEqualTo(RawWebSocket.PONG);
                    pongs++;
                    held += 2 + f.payload().length;
                }
            }
            System.out.printf("PingFloodIT: %d pongs (%d B) were held for the client when it was closed; budget %d B%n",
                    pongs, held, SEND_QUEUE);
            assertThat(closeCode).isEqualTo(1008);
            assertThat(held).as("bytes of pongs the tracker and the kernels held for a client that never read")
                    .isLessThanOrEqualTo(SEND_QUEUE + ONE_PONG + KERNEL_ALLOWANCE);
            // At least 200 rounds, from before the flood to after the close: fewer would make the
            // p99 the single slowest round.
            witness.awaitRounds(200);
            Duration p99 = witness.stopAndAssertServed();
            System.out.printf("PingFloodIT: witness p99 %d ms over %d rounds%n", p99.toMillis(), witness.rounds());
            flooder.close();
            flood.join(10_000);
        }
        assertThat(metric("tracker_connections_closed_total", "reason", "slow_consumer") - slowClosesBefore)
                .as("closed as a slow consumer").isEqualTo(1);
        assertThat(metric("tracker_pongs_coalesced_total")).as("pongs held back for the newest ping").isPositive();
    }

    /** Writes up to {@link #PINGS} pings, a thousand a write, until one fails or 60 s have passed. */
    private static void flood(RawWebSocket flooder, AtomicInteger sent) {
        byte[] payload = new byte[125];
        Arrays.fill(payload, (byte) 'p');
        byte[][] batch = new byte[PINGS_PER_WRITE][];
        Arrays.fill(batch, RawWebSocket.frame(true, RawWebSocket.PING, payload));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        try {
            for (int i = 0; i < PINGS / PINGS_PER_WRITE && System.nanoTime() < deadline; i++) {
                flooder.write(batch);
                sent.addAndGet(PINGS_PER_WRITE);
            }
        } catch (AssertionError e) {
            // the connection was dropped under it (closing timeout, or the test closed it)
        }
    }
}
