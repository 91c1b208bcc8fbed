package dev.hivecast.tracker.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivecast.protocol.ClientAnnounce;
import io.netty.util.internal.PlatformDependent;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The hardening issue's memory test: 2,000 connections that never read while others relay. Each
 * one's send queue fills (connection.send-queue-size), further messages to it are dropped, and it
 * is closed after connection.slow-consumer-timeout; meanwhile a well-behaved player is served.
 *
 * <p>The bound: what the tracker queues for a connection that does not read is at most
 * connection.send-queue-size plus the one message that made it full (a message is queued
 * whenever the queue is not yet full): 32 + 32 KiB here. The queued frames sit in pooled direct
 * buffers (TextFrames writes each frame into one), whose size classes and arena chunks are sized
 * for the peak: so the bound asserted is twice the queued bytes plus 32 KiB of connection state,
 * per connection, heap and direct memory together: 2,000 x 160 KiB = 312 MiB. Measured: 56 KB of
 * direct memory per full queue (138 MiB for the 2,000 open, full queues included); when the frames
 * were heap buffers, 114 KB of heap. Bounded also means it does not grow with traffic: relaying
 * another 24 MB of offers to the full queues (all dropped) adds nothing (+2 MiB measured, under
 * 10 % asserted). The pooled arenas keep their chunks after the closes, so the memory does not
 * drop back then; what matters is that the peak is bounded.
 * Measured in this JVM, which runs the tracker, after GC; the 2,000 client sockets' buffers are
 * in the baseline taken after they connected.
 */
@RunsAlone
class NonReadersMemoryIT extends TrackerTestBase {

    private static final int NON_READERS = Integer.getInteger("nonReaders", 2_000);
    private static final int SEND_QUEUE = 32 * 1024;
    private static final int MAX_MESSAGE = 32 * 1024;
    private static final long OVERHEAD_ALLOWANCE = 32 * 1024;
    private static final Duration SLOW_CONSUMER_TIMEOUT = Duration.ofSeconds(10);
    /**
     * Offers of about 6 KB, 4 to an announce: few announces fill many queues. (With 7.4 KB offers a
     * full queue measured 136 KB of heap instead of 114 KB: the message over the limit is bigger.)
     */
    private static final int SDP = 6_000;
    private static final int OFFERS = 4;

    @Override
    protected String[] flags() {
        return new String[] {"--connection.send-queue-size", SEND_QUEUE + "B",
                "--connection.max-message-size", MAX_MESSAGE + "B",
                "--connection.slow-consumer-timeout", SLOW_CONSUMER_TIMEOUT.toSeconds() + "s",
                // kernel buffers are not the tracker's heap; small ones make the queues fill sooner
                "--limits.socket-send-buffer", "8KiB",
                // The non-readers are spread over both event loops: offers must reach them all,
                // not only those on the offerer's loop (local-first would never fill the others).
                "--cluster.offer-routing", "uniform"};
    }

    @Test
    void I62_twoThousandConnectionsThatNeverReadCostBoundedMemoryAndAreClosedWhileAPlayerIsServed() throws Exception {
        long before = usedAfterGc();
        String swarm = Ids.infoHash();
        List<RawWebSocket> nonReaders = new ArrayList<>(NON_READERS);
        for (int i = 0; i < NON_READERS; i++) {
            RawWebSocket r = raw(Map.of(), 4096);
            r.sendText(ClientAnnounce.started(swarm, Ids.peerId()).toString());
            nonReaders.add(r); // from here on, never read
        }
        tracker.awaitStats("all non-readers in the swarm", s -> s.getInteger("members") == NON_READERS);
        long connected = usedAfterGc();
        double slowClosesBefore = metric("tracker_connections_closed_total", "reason", "slow_consumer");

        String offererId = Ids.peerId();
        Peer offerer = member(swarm, offererId);
        try (WellBehavedPlayer player = WellBehavedPlayer.start(peer())) {
            // relay until nearly every offer is dropped: then nearly every queue is full
            long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
            int announces = 0;
            double dropShare = 0;
            while (dropShare < 0.95 && System.nanoTime() < deadline) {
                long droppedBefore = dropped();
                for (int i = 0; i < 50; i++, announces++) {
                    offerer.announce(ClientAnnounce.of(swarm, offererId).withOffers(Sdp.offers(OFFERS, SDP)).toString());
                }
                dropShare = (dropped() - droppedBefore) / (50.0 * OFFERS);

            }
            assertThat(dropShare).as("share of offers dropped after %d announces", announces).isGreaterThanOrEqualTo(0.95);
            long full = usedAfterGc();
            long perNonReader = (full - connected) / NON_READERS;
            System.out.printf("NonReadersMemoryIT: %d announces to fill; heap+direct per connection: %d B open,"
                            + " %d B more with a full queue (bound %d B); total with full queues %d MiB%n",
                    announces, (connected - before) / NON_READERS, perNonReader,
                    2 * (SEND_QUEUE + MAX_MESSAGE) + OVERHEAD_ALLOWANCE, (full - before) >> 20);
            assertThat(full - before).as("memory held for %d non-readers with full queues", NON_READERS)
                    .isLessThan(NON_READERS * (2L * (SEND_QUEUE + MAX_MESSAGE) + OVERHEAD_ALLOWANCE));
            for (int i = 0; i < 1_000; i++) {
                offerer.announce(ClientAnnounce.of(swarm, offererId).withOffers(Sdp.offers(OFFERS, SDP)).toString());
            }
            long afterMoreTraffic = usedAfterGc();
            System.out.printf("NonReadersMemoryIT: after 1000 more announces (%d MB of offers): %+d MiB%n",
                    1_000L * OFFERS * SDP / 1_000_000, (afterMoreTraffic - full) >> 20);
            assertThat(afterMoreTraffic - full).as("growth while every offer to a full queue is dropped")
                    .isLessThan((full - connected) / 10);

            // each is closed once its queue stayed full; keep relaying so the last ones fill too
            long closeDeadline = System.nanoTime() + SLOW_CONSUMER_TIMEOUT.plusSeconds(20).toNanos();
            while (tracker.stats().getInteger("connections") > 2 && System.nanoTime() < closeDeadline) {
                offerer.announce(ClientAnnounce.of(swarm, offererId).withOffers(Sdp.offers(OFFERS, SDP)).toString());
            }
            assertThat(tracker.stats().getInteger("connections")).as("only the offerer and the player left").isEqualTo(2);
            assertThat(metric("tracker_connections_closed_total", "reason", "slow_consumer") - slowClosesBefore)
                    .isEqualTo(NON_READERS);
            Duration p99 = player.stopAndAssertServed();
            long after = usedAfterGc();
            System.out.printf("NonReadersMemoryIT: player p99 %d ms; memory after the closes %d MiB above the start%n",
                    p99.toMillis(), (after - before) >> 20);
        }
    }

    private long dropped() {
        return tracker.stats().getJsonObject("dropped").getLong("sendQueueFull");
    }

    /**
     * Heap used after a full GC, plus direct memory (where queued frames sit): what Netty counts
     * for the buffers it allocates without a cleaner, and the JVM's direct buffer pool, which
     * holds the rest (the tracker writes its frames into pooled direct buffers).
     */
    private static long usedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long netty = Math.max(0, PlatformDependent.usedDirectMemory());
        long pool = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(b -> b.getName().equals("direct")).mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
        System.out.printf("NonReadersMemoryIT: heap %d MiB, Netty direct %d MiB, JVM direct pool %d MiB%n",
                heap >> 20, netty >> 20, pool >> 20);
        return heap + netty + pool;
    }
}
