package dev.hivecast.tracker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hivecast.protocol.ClientAnnounce;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Slowloris: a client that sends its upgrade request, or a frame, a byte at a time holds a socket
 * and a little memory for as long as the server lets it. An upgrade request must be complete
 * within limits.request-timeout (Vert.x bounds a TLS handshake but not the request after it), and
 * a frame dribbled more slowly than connection.idle-timeout never counts as a sign of life, so it
 * is cut off then; a message dribbled as many small fragments (each a frame, each a sign of life)
 * must be complete within limits.message-timeout. Just under either bound, the slow client is served; a well-behaved player is
 * served throughout.
 */
@RunsAlone
class SlowlorisIT extends TrackerTestBase {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration MESSAGE_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration SLACK = Duration.ofMillis(1500);
    private static final Duration DRIBBLE_PACE = Duration.ofMillis(100);

    @Override
    protected String[] flags() {
        return new String[] {"--limits.request-timeout", REQUEST_TIMEOUT.toSeconds() + "s",
                "--limits.message-timeout", MESSAGE_TIMEOUT.toSeconds() + "s",
                "--announce.interval", "1s", "--announce.peer-ttl", "2s",
                "--connection.ping-interval", "1s", "--connection.idle-timeout", IDLE_TIMEOUT.toSeconds() + "s"};
    }

    private static final String UPGRADE = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
            + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";

    /** A raw TCP client that writes a byte per {@link #DRIBBLE_PACE} and notices when the server hangs up. */
    private final class Dribbler implements AutoCloseable {
        final Socket socket = new Socket();
        final OutputStream out;
        final InputStream in;
        final long connectedAt;

        Dribbler() throws IOException {
            socket.connect(new InetSocketAddress("127.0.0.1", tracker.port()), 5_000);
            socket.setTcpNoDelay(true);
            // the read that waits for the server doubles as the pace between two bytes
            socket.setSoTimeout((int) DRIBBLE_PACE.toMillis());
            out = socket.getOutputStream();
            in = socket.getInputStream();
            connectedAt = System.nanoTime();
        }

        /**
         * Writes {@code bytes} one at a time; returns how long after connecting the server closed
         * the connection, or null if it was still open after the last byte. Any bytes the
         * server sends meanwhile (a 101, a ping, a close frame) are read and collected.
         */
        Duration dribble(byte[] bytes, StringBuilder received) {
            for (byte b : bytes) {
                try {
                    out.write(b);
                    out.flush();
                    int r = in.read();
                    if (r < 0) {
                        return Duration.ofNanos(System.nanoTime() - connectedAt);
                    }
                    received.append((char) r);
                    byte[] more = new byte[in.available()];
                    int n = in.read(more);
                    received.append(new String(more, 0, Math.max(0, n), StandardCharsets.ISO_8859_1));
                } catch (SocketTimeoutException e) {
                    // nothing from the server during this pace: still open
                } catch (IOException e) {
                    return Duration.ofNanos(System.nanoTime() - connectedAt); // reset by the server
                }
            }
            return null;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** {@code count} bytes, enough to dribble for {@code count} paces. */
    private static byte[] headerBytes(int count) {
        byte[] b = new byte[count];
        Arrays.fill(b, (byte) 'a');
        return b;
    }

    @Test
    void anUpgradeRequestDribbledPastTheTimeoutIsCutOffAndCounted() throws Exception {
        double before = metric("tracker_upgrades_refused_total", "reason", "request_timeout");
        try (WellBehavedPlayer player = WellBehavedPlayer.start(peer()); Dribbler slow = new Dribbler()) {
            slow.out.write("GET / HTTP/1.1\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
            // at most 10 s of dribbling: far past the 2 s bound
            Duration cutAfter = slow.dribble(headerBytes(100), new StringBuilder());

            assertThat(cutAfter).as("closed by the server").isNotNull()
                    .isGreaterThanOrEqualTo(REQUEST_TIMEOUT.minusMillis(50))
                    .isLessThan(REQUEST_TIMEOUT.plus(SLACK));
            await().atMost(RunningTracker.WAIT).until(() ->
                    metric("tracker_upgrades_refused_total", "reason", "request_timeout") == before + 1);
            player.stopAndAssertServed();
        }
    }

    @Test
    void anUpgradeRequestDribbledWithinTheTimeoutIsAccepted() throws Exception {
        try (Dribbler slow = new Dribbler()) {
            // the whole request in 10 pieces, one per pace: about 1 s, under the 2 s bound
            byte[] request = UPGRADE.getBytes(StandardCharsets.US_ASCII);
            StringBuilder received = new StringBuilder();
            int chunk = request.length / 10 + 1;
            for (int from = 0; from < request.length; from += chunk) {
                slow.out.write(Arrays.copyOfRange(request, from, Math.min(request.length, from + chunk)));
                slow.out.flush();
                try {
                    int r = slow.in.read(); // the pace: waits at most one DRIBBLE_PACE
                    assertThat(r).as("the server hung up on a request still within the bound").isNotNegative();
                    received.append((char) r);
                } catch (SocketTimeoutException e) {
                    // nothing yet: the request is not complete
                }
            }
            slow.socket.setSoTimeout((int) RunningTracker.WAIT.toMillis());
            byte[] rest = slow.in.readNBytes(Math.max(0, 12 - received.length()));
            received.append(new String(rest, StandardCharsets.US_ASCII));

            assertThat(received.toString()).startsWith("HTTP/1.1 101");
        }
    }

    @Test
    void aFrameDribbledSlowerThanTheIdleTimeoutIsCutOffWhileAFasterOneIsServed() throws Exception {
        try (WellBehavedPlayer player = WellBehavedPlayer.start(peer())) {
            double idleBefore = metric("tracker_connections_closed_total", "reason", "idle");
            RawWebSocket slow = raw();
            byte[] frame = RawWebSocket.textFrame(ClientAnnounce.started(Ids.infoHash(), Ids.peerId()).toString());
            // the first few bytes at once, then one byte per pace: about 5 s for the rest, past the 3 s bound
            slow.write(Arrays.copyOf(frame, 6));
            long started = System.nanoTime();
            int closeCode = -1;
            for (int i = 6; i < frame.length && closeCode < 0; i++) {
                slow.write(new byte[] {frame[i]});
                try {
                    RawWebSocket.Frame f = slow.readFrame(DRIBBLE_PACE.toMillis());
                    if (f.opcode() == RawWebSocket.CLOSE) {
                        closeCode = f.closeCode();
                    }
                } catch (AssertionError noFrameYet) {
                    // nothing within this pace (pings are skipped above)
                }
            }
            Duration cutAfter = Duration.ofNanos(System.nanoTime() - started);

            assertThat(closeCode).as("closed before the frame was complete").isEqualTo(1000);
            assertThat(cutAfter).isLessThan(IDLE_TIMEOUT.plus(SLACK));
            await().atMost(RunningTracker.WAIT).until(() ->
                    metric("tracker_connections_closed_total", "reason", "idle") >= idleBefore + 1);

            // just under: the same frame dribbled over about 1 s is answered
            RawWebSocket quicker = raw();
            String infoHash = Ids.infoHash();
            byte[] whole = RawWebSocket.textFrame(ClientAnnounce.started(infoHash, Ids.peerId()).toString());
            int chunk = whole.length / 10 + 1;
            RawWebSocket.Frame reply = null;
            for (int from = 0; from < whole.length; from += chunk) {
                quicker.write(Arrays.copyOfRange(whole, from, Math.min(whole.length, from + chunk)));
                try {
                    RawWebSocket.Frame f = quicker.readFrame(DRIBBLE_PACE.toMillis()); // the pace
                    if (f.opcode() == RawWebSocket.TEXT) {
                        reply = f;
                    }
                } catch (AssertionError nothingYet) {
                    // the reply can only come after the last byte
                }
            }
            if (reply == null) {
                reply = quicker.readDataFrame();
            }
            assertThat(reply.text()).contains(infoHash).contains("\"incomplete\":1");
            player.stopAndAssertServed();
        }
    }

    @Test
    void aMessageDribbledInFragmentsPastTheMessageTimeoutIsClosedWith1008WhileAFasterOneIsServed() throws Exception {
        try (WellBehavedPlayer player = WellBehavedPlayer.start(peer())) {
            double before = metric("tracker_connections_closed_total", "reason", "slow_message");
            byte[] message = ClientAnnounce.started(Ids.infoHash(), Ids.peerId()).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            RawWebSocket slow = raw();
            // one byte per fragment, one fragment per pace: about 15 s for the whole, past the 2 s bound
            long started = System.nanoTime();
            int closeCode = -1;
            for (int i = 0; i < message.length && closeCode < 0; i++) {
                int opcode = i == 0 ? RawWebSocket.TEXT : 0; // then continuation frames
                slow.write(RawWebSocket.frame(i == message.length - 1, opcode, new byte[] {message[i]}));
                try {
                    RawWebSocket.Frame f = slow.readFrame(DRIBBLE_PACE.toMillis()); // the pace
                    if (f.opcode() == RawWebSocket.CLOSE) {
                        closeCode = f.closeCode();
                    }
                } catch (AssertionError nothingYet) {
                    // still open
                }
            }
            Duration cutAfter = Duration.ofNanos(System.nanoTime() - started);

            assertThat(closeCode).as("closed before the message was complete").isEqualTo(1008);
            assertThat(cutAfter).isLessThan(MESSAGE_TIMEOUT.plus(SLACK));
            await().atMost(RunningTracker.WAIT).until(() ->
                    metric("tracker_connections_closed_total", "reason", "slow_message") == before + 1);

            // just under: the same message in 5 fragments over about half a second is answered
            RawWebSocket quicker = raw();
            String infoHash = Ids.infoHash();
            byte[] whole = ClientAnnounce.started(infoHash, Ids.peerId()).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            int chunk = whole.length / 5 + 1;
            RawWebSocket.Frame reply = null;
            for (int from = 0; from < whole.length; from += chunk) {
                int to = Math.min(whole.length, from + chunk);
                quicker.write(RawWebSocket.frame(to == whole.length, from == 0 ? RawWebSocket.TEXT : 0,
                        Arrays.copyOfRange(whole, from, to)));
                try {
                    RawWebSocket.Frame f = quicker.readFrame(DRIBBLE_PACE.toMillis()); // the pace
                    if (f.opcode() == RawWebSocket.TEXT) {
                        reply = f;
                    }
                } catch (AssertionError nothingYet) {
                    // the reply comes after the last fragment
                }
            }
            if (reply == null) {
                reply = quicker.readDataFrame();
            }
            assertThat(reply.text()).contains(infoHash).contains("\"incomplete\":1");
            player.stopAndAssertServed();
        }
    }
}
