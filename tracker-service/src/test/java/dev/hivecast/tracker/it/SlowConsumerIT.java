package dev.hivecast.tracker.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivecast.protocol.ClientAnnounce;
import dev.hivecast.tracker.it.RawWebSocket.Frame;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * docs/protocol.md#i62: a player that stops reading must not grow the tracker's memory or slow down
 * anyone else. Its send queue is bounded; what does not fit is dropped; a queue that stays full
 * for the slow-consumer timeout closes the connection, and its peers leave their swarms.
 */
@RunsAlone
class SlowConsumerIT extends TrackerTestBase {

    private static final int QUEUE_BYTES = 16_384;
    private static final Duration SLOW_CONSUMER_TIMEOUT = Duration.ofSeconds(2);
    /** An offer SDP that keeps the whole announce just under the 16 KiB message limit. */
    private static final int SDP_LENGTH = 15_500;

    @Override
    protected String[] flags() {
        // The queue may not be smaller than the largest message, so both are 16 KiB here.
        return new String[] {"--connection.max-message-size", QUEUE_BYTES + "B",
                "--connection.send-queue-size", QUEUE_BYTES + "B",
                "--connection.slow-consumer-timeout", SLOW_CONSUMER_TIMEOUT.toSeconds() + "s"};
    }

    @Test
    void I62_aPeerThatNeverReadsHasMessagesDroppedThenIsClosedAndLeaves_whileOthersKeepGettingReplies() {
        String infoHash = Ids.infoHash();
        // A small receive window, so the kernel buffers fill after a few offers, not megabytes.
        RawWebSocket slow = raw(Map.of(), 4096);
        slow.sendText(ClientAnnounce.started(infoHash, Ids.peerId()).toString());
        assertThat(slow.readDataFrame().text()).contains("\"incomplete\":1");
        // From here on the slow peer reads nothing.
        String offererId = Ids.peerId();
        Peer offerer = member(infoHash, offererId);
        String elsewhere = Ids.infoHash();
        String bystanderId = Ids.peerId();
        Peer bystander = member(elsewhere, bystanderId);

        long slowestReplyNanos = 0;
        long dropped = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        int announces = 0;
        // Every offer goes to the slow peer, the only other member of the swarm.
        while (dropped == 0 && announces < 5_000 && System.nanoTime() < deadline) {
            long sent = System.nanoTime();
            offerer.announce(ClientAnnounce.of(infoHash, offererId).withOffers(Sdp.offers(1, SDP_LENGTH)).toString());
            slowestReplyNanos = Math.max(slowestReplyNanos, System.nanoTime() - sent);
            if (++announces % 10 == 0) {
                bystander.announce(ClientAnnounce.of(elsewhere, bystanderId).toString());
                dropped = tracker.stats().getJsonObject("dropped").getLong("sendQueueFull");
            }
        }
        assertThat(dropped).as("messages dropped for the full queue, after %d announces", announces).isPositive();

        // The queue stays full: the connection is closed after the timeout and its peer leaves.
        // The other peers are served all along.
        long firstDropSeen = System.nanoTime();
        long removalDeadline = firstDropSeen + SLOW_CONSUMER_TIMEOUT.toNanos() + Duration.ofSeconds(5).toNanos();
        int incomplete = 2;
        for (int i = 0; i < 1_000_000 && incomplete == 2 && System.nanoTime() < removalDeadline; i++) {
            long sent = System.nanoTime();
            incomplete = offerer.announce(ClientAnnounce.of(infoHash, offererId).withOffers(Sdp.offers(1, SDP_LENGTH)).toString())
                    .getInteger("incomplete");
            slowestReplyNanos = Math.max(slowestReplyNanos, System.nanoTime() - sent);
            bystander.announce(ClientAnnounce.of(elsewhere, bystanderId).toString());
        }
        long removedAfterMs = (System.nanoTime() - firstDropSeen) / 1_000_000;
        assertThat(incomplete).as("the slow peer has left the swarm").isEqualTo(1);
        assertThat(removedAfterMs).as("removed about the slow-consumer timeout after the first drop")
                .isLessThan(SLOW_CONSUMER_TIMEOUT.toMillis() + 3_000);
        assertThat(Duration.ofNanos(slowestReplyNanos)).as("slowest reply to the others").isLessThan(Duration.ofSeconds(2));
        assertThat(tracker.stats().getInteger("connections")).isEqualTo(2);

        // What the slow peer was sent before the queue filled is still there for it, then the close.
        int closeCode = -1;
        for (int frames = 0; frames < 100_000 && closeCode < 0; frames++) {
            Frame f = slow.readFrame();
            if (f.opcode() == RawWebSocket.CLOSE) {
                closeCode = f.closeCode();
            } else {
                assertThat(f.text()).contains("\"offer\":");
            }
        }
        assertThat(closeCode).isEqualTo(1008);
    }
}
