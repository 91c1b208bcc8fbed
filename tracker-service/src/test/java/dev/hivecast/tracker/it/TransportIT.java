package dev.hivecast.tracker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.hivecast.protocol.ClientAnnounce;
import dev.hivecast.protocol.Event;
import dev.hivecast.protocol.ScrapeRequest;
import dev.hivecast.tracker.it.RawWebSocket.Frame;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** docs/protocol.md#a-transport-and-framing: the WebSocket transport, seen from real connections. */
class TransportIT extends TrackerTestBase {

    private static final int LIMIT = 64 * 1024;

    @ParameterizedTest
    @ValueSource(strings = {"/", "/announce", "/announce/", "/x/y?z=1"})
    void A1_upgradeIsAcceptedOnAnyPath(String path) {
        Peer p = peer(path);
        String infoHash = Ids.infoHash();

        JsonObject reply = p.announce(ClientAnnounce.started(infoHash, Ids.peerId()).toString());

        assertThat(reply.getInteger("incomplete")).isEqualTo(1);
    }

    @Test
    void A2_binaryFramesAreParsedLikeText() {
        Peer p = peer();
        String infoHash = Ids.infoHash();

        p.sendBinary(ClientAnnounce.started(infoHash, Ids.peerId()).toString());

        assertThat(p.next()).isEqualTo(counts(infoHash, 0, 1));
    }

    @Test
    void A3_aHandshakeOfferingPermessageDeflateIsAcceptedTheExtensionDeclinedAndMessagesWork() {
        // What Chromium and the ws package offer by default.
        RawWebSocket r = raw(Map.of("Sec-WebSocket-Extensions", "permessage-deflate; client_max_window_bits"), 0);
        String infoHash = Ids.infoHash();

        assertThat(r.status()).isEqualTo(101);
        assertThat(r.headers()).doesNotContainKey("sec-websocket-extensions");

        r.sendText(ClientAnnounce.started(infoHash, Ids.peerId()).toString());
        Frame reply = r.readDataFrame();
        assertThat(reply.rsv()).as("RSV1 would mark a compressed message").isZero();
        assertThat(reply.opcode()).isEqualTo(RawWebSocket.TEXT);
        assertThat(new JsonObject(reply.text())).isEqualTo(counts(infoHash, 0, 1));
    }

    @Test
    void A4_messageOf64KiBIsAcceptedAndBiggerClosesWith1009AndCleansUp() {
        String infoHash = Ids.infoHash();
        Peer watcher = member(infoHash, Ids.peerId());
        RawWebSocket r = raw();
        String peerId = Ids.peerId();
        r.sendText(ClientAnnounce.started(infoHash, peerId).toString());
        assertThat(new JsonObject(r.readDataFrame().text())).isEqualTo(counts(infoHash, 0, 2));

        String exactlyAtLimit = padTo(ClientAnnounce.of(infoHash, peerId).toString(), LIMIT);
        r.sendText(exactlyAtLimit);
        assertThat(new JsonObject(r.readDataFrame().text())).isEqualTo(counts(infoHash, 0, 2));

        r.sendText(padTo(ClientAnnounce.of(infoHash, peerId).toString(), LIMIT + 1));
        assertThat(r.awaitCloseCode()).isEqualTo(1009);

        awaitIncomplete(watcher, infoHash, 1);
        tracker.awaitStats("the closed peer's membership gone", s -> s.getInteger("members") == 1);
    }

    @Test
    void A4_aFragmentedMessageBiggerThan64KiBClosesWith1009AndCleansUp() {
        String infoHash = Ids.infoHash();
        Peer watcher = member(infoHash, Ids.peerId());
        RawWebSocket r = raw();
        String peerId = Ids.peerId();
        r.sendText(ClientAnnounce.started(infoHash, peerId).toString());
        assertThat(new JsonObject(r.readDataFrame().text())).isEqualTo(counts(infoHash, 0, 2));
        // Every frame is small; only the reassembled message is over the limit.
        byte[] message = padTo(ClientAnnounce.of(infoHash, peerId).toString(), LIMIT + 1).getBytes(StandardCharsets.UTF_8);
        byte[][] parts = split(message, 5);

        r.write(RawWebSocket.frame(false, RawWebSocket.TEXT, parts[0]));
        for (int i = 1; i < parts.length; i++) {
            r.write(RawWebSocket.frame(i == parts.length - 1, RawWebSocket.CONTINUATION, parts[i]));
        }

        assertThat(r.awaitCloseCode()).isEqualTo(1009);
        awaitIncomplete(watcher, infoHash, 1);
        tracker.awaitStats("the closed peer's membership gone", s -> s.getInteger("members") == 1);
    }

    @Test
    void A4_aFragmentedMessageOfExactly64KiBIsAccepted() {
        RawWebSocket r = raw();
        String infoHash = Ids.infoHash();
        byte[] message = padTo(ClientAnnounce.started(infoHash, Ids.peerId()).toString(), LIMIT).getBytes(StandardCharsets.UTF_8);
        byte[][] parts = split(message, 4);

        for (int i = 0; i < parts.length; i++) {
            r.write(RawWebSocket.frame(i == parts.length - 1, i == 0 ? RawWebSocket.TEXT : RawWebSocket.CONTINUATION, parts[i]));
        }

        assertThat(new JsonObject(r.readDataFrame().text())).isEqualTo(counts(infoHash, 0, 1));
    }

    @Test
    void A5_aPingGetsAPongWithTheSamePayload() {
        Peer p = peer();

        p.ping("are you there");

        assertThat(p.nextPong().toString(StandardCharsets.UTF_8)).isEqualTo("are you there");
    }

    @Test
    void A5_aRawPingGetsAPong() {
        RawWebSocket r = raw();

        r.write(RawWebSocket.frame(true, RawWebSocket.PING, "abc".getBytes(StandardCharsets.US_ASCII)));

        Frame pong = r.readFrame();
        assertThat(pong.opcode()).isEqualTo(RawWebSocket.PONG);
        assertThat(pong.text()).isEqualTo("abc");
    }

    @Test
    void A6_aFragmentedMessageIsReassembledAndAPingBetweenItsFragmentsIsAnswered() {
        RawWebSocket r = raw();
        String infoHash = Ids.infoHash();
        byte[][] parts = split(ClientAnnounce.started(infoHash, Ids.peerId()).toString().getBytes(StandardCharsets.UTF_8), 3);

        r.write(RawWebSocket.frame(false, RawWebSocket.TEXT, parts[0]));
        r.write(RawWebSocket.frame(false, RawWebSocket.CONTINUATION, parts[1]));
        // Control frames may come between the fragments of a message (RFC 6455 5.4).
        r.write(RawWebSocket.frame(true, RawWebSocket.PING, new byte[] {1, 2}));
        r.write(RawWebSocket.frame(true, RawWebSocket.CONTINUATION, parts[2]));

        Frame pong = r.readFrame();
        assertThat(pong.opcode()).isEqualTo(RawWebSocket.PONG);
        assertThat(pong.payload()).containsExactly(1, 2);
        assertThat(new JsonObject(r.readDataFrame().text())).isEqualTo(counts(infoHash, 0, 1));
    }

    @Test
    void A6_severalMessagesInOneTcpWriteRightAfterThe101AreAllAnsweredInOrder() {
        RawWebSocket r = raw();
        String first = Ids.infoHash();
        String second = Ids.infoHash();
        String peerId = Ids.peerId();
        byte[][] fragmented = split(ClientAnnounce.started(second, peerId).toString().getBytes(StandardCharsets.UTF_8), 2);

        r.write(
                RawWebSocket.textFrame(ClientAnnounce.started(first, peerId).toString()),
                RawWebSocket.frame(false, RawWebSocket.TEXT, fragmented[0]),
                RawWebSocket.frame(true, RawWebSocket.CONTINUATION, fragmented[1]),
                RawWebSocket.textFrame(ScrapeRequest.of(first).toString()),
                RawWebSocket.textFrame(ClientAnnounce.of(first, peerId).withEvent(Event.STOPPED).toString()));

        assertThat(new JsonObject(r.readDataFrame().text())).isEqualTo(counts(first, 0, 1));
        assertThat(new JsonObject(r.readDataFrame().text())).isEqualTo(counts(second, 0, 1));
        assertThat(new JsonObject(r.readDataFrame().text()).getJsonObject("files").getJsonObject(first))
                .isEqualTo(new JsonObject().put("complete", 0).put("incomplete", 1).put("downloaded", 0));
        assertThat(new JsonObject(r.readDataFrame().text())).isEqualTo(counts(first, 0, 0));
    }

    static Stream<Arguments> protocolViolations() {
        return Stream.of(
                arguments("an unmasked frame", new byte[] {(byte) 0x81, 2, 'h', 'i'}),
                arguments("a reserved opcode", RawWebSocket.frame(true, 0x3, new byte[] {1})),
                arguments("a continuation with no message", RawWebSocket.frame(true, RawWebSocket.CONTINUATION, new byte[] {'{'})),
                arguments("a fragmented ping", RawWebSocket.frame(false, RawWebSocket.PING, new byte[] {1})));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("protocolViolations")
    void aFrameThatBreaksRfc6455ClosesWith1002AndCleansUp(String description, byte[] frame) {
        String infoHash = Ids.infoHash();
        Peer watcher = member(infoHash, Ids.peerId());
        RawWebSocket r = raw();
        r.sendText(ClientAnnounce.started(infoHash, Ids.peerId()).toString());
        assertThat(new JsonObject(r.readDataFrame().text())).isEqualTo(counts(infoHash, 0, 2));

        r.write(frame);

        assertThat(r.awaitCloseCode()).isEqualTo(1002);
        awaitIncomplete(watcher, infoHash, 1);
    }

    static JsonObject counts(String infoHash, int complete, int incomplete) {
        return new JsonObject().put("complete", complete).put("incomplete", incomplete)
                .put("action", "announce").put("interval", 120).put("info_hash", infoHash);
    }

    /** The JSON object with a {@code padding} field (ignored by the tracker) making it {@code bytes} long. */
    static String padTo(String json, int bytes) {
        String head = json.substring(0, json.length() - 1) + ",\"padding\":\"";
        String tail = "\"}";
        int missing = bytes - head.getBytes(StandardCharsets.UTF_8).length - tail.length();
        assertThat(missing).isNotNegative();
        return head + "x".repeat(missing) + tail;
    }

    static byte[][] split(byte[] message, int parts) {
        byte[][] out = new byte[parts][];
        for (int i = 0; i < parts; i++) {
            out[i] = Arrays.copyOfRange(message, message.length * i / parts, message.length * (i + 1) / parts);
        }
        return out;
    }

    private static void awaitIncomplete(Peer watcher, String infoHash, int expected) {
        await("incomplete = " + expected).atMost(RunningTracker.WAIT)
                .until(() -> watcher.scrape(infoHash).getInteger("incomplete") == expected);
    }
}
