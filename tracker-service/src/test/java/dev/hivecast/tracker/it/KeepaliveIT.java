package dev.hivecast.tracker.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivecast.protocol.ClientAnnounce;
import dev.hivecast.tracker.it.RawWebSocket.Frame;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docs/protocol.md#a5: the tracker keeps silent connections alive through proxies by pinging them,
 * and closes a connection that does not even answer pings. Short timers here; the validator
 * requires the idle timeout to be longer than the announce interval, and the peer TTL too.
 */
class KeepaliveIT extends TrackerTestBase {

    private static final long PING_INTERVAL_MS = 1_000;
    private static final long IDLE_TIMEOUT_MS = 3_000;

    @Override
    protected String[] flags() {
        return new String[] {"--announce.interval", "2s", "--announce.peer-ttl", "3s",
                "--connection.ping-interval", "1s", "--connection.idle-timeout", "3s"};
    }

    @Test
    void A5_aSilentConnectionIsPingedThenClosedPastTheIdleTimeoutAndItsPeersLeave_oneThatAnswersPingsStays() {
        String infoHash = Ids.infoHash();
        RawWebSocket silent = raw(); // never answers, not even the pings
        Peer answersPings = peer(); // Vert.x answers every ping with a pong, as browsers do
        // Timed from before the send: the tracker counts silence from when it received the
        // frame, which is after this. Timed from the reply, as it was, a cold test JVM reading
        // the reply late made a correct close look 30-50 ms early (run alone, never in the suite).
        long lastSent = System.nanoTime();
        silent.sendText(ClientAnnounce.started(infoHash, Ids.peerId()).toString());
        assertThat(silent.readDataFrame().text()).contains("\"incomplete\":1");
        String stayingPeer = Ids.peerId();
        answersPings.announce(ClientAnnounce.started(infoHash, stayingPeer).toString());

        List<Long> pingsAtMs = new ArrayList<>();
        int closeCode = -1;
        for (int frames = 0; frames < 100 && closeCode < 0; frames++) {
            Frame f = silent.readFrame(IDLE_TIMEOUT_MS + 3_000);
            long atMs = (System.nanoTime() - lastSent) / 1_000_000;
            if (f.opcode() == RawWebSocket.PING) {
                pingsAtMs.add(atMs);
            } else {
                assertThat(f.opcode()).as("only pings, then the close").isEqualTo(RawWebSocket.CLOSE);
                closeCode = f.closeCode();
                assertThat(atMs).as("closed after the idle timeout").isGreaterThanOrEqualTo(IDLE_TIMEOUT_MS);
            }
        }

        assertThat(closeCode).isEqualTo(1000);
        assertThat(pingsAtMs).as("pinged after a second of silence, before the close").isNotEmpty();
        assertThat(pingsAtMs.get(0)).isGreaterThanOrEqualTo(PING_INTERVAL_MS).isLessThan(IDLE_TIMEOUT_MS);
        // Pongs are proof of life: the other connection, silent otherwise, is still served, and
        // the closed connection's peer has left the swarm.
        assertThat(answersPings.isClosed()).isFalse();
        assertThat(answersPings.announce(ClientAnnounce.of(infoHash, stayingPeer).toString()).getInteger("incomplete"))
                .isEqualTo(1);
    }
}
