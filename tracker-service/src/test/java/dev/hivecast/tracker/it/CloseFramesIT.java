package dev.hivecast.tracker.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivecast.protocol.ClientAnnounce;
import dev.hivecast.tracker.it.RawWebSocket.Frame;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * RFC 6455 close handling: a close code a client may not send, and frames that break
 * the fragmentation rules, are protocol errors: the tracker answers with a 1002 close frame, sent
 * before the TCP connection goes, and the client's memberships leave with it. Valid codes are
 * echoed as before.
 */
class CloseFramesIT extends TrackerTestBase {

    /**
     * Codes outside 1000-1003, 1007-1014 and 3000-4999, and the three that name conditions and
     * must never be sent (1005 no code, 1006 abnormal close, 1015 TLS failure): RFC 6455 7.4.
     */
    @ParameterizedTest(name = "close code {0}")
    @ValueSource(ints = {0, 999, 1004, 1005, 1006, 1015, 1016, 2000, 2999, 5000, 65535})
    void aCloseFrameWithAnInvalidCodeIsAnsweredWith1002(int code) {
        RawWebSocket client = joined();
        client.write(RawWebSocket.frame(true, RawWebSocket.CLOSE, closePayload(code, "bye")));

        assertThat(client.awaitCloseCode()).isEqualTo(1002);
        tracker.awaitStats("the client's member gone", s -> s.getInteger("members") == 0);
    }

    @ParameterizedTest(name = "close code {0}")
    @ValueSource(ints = {1000, 1001, 1003, 1011, 1012, 3000, 4999})
    void aCloseFrameWithAValidCodeIsEchoed(int code) {
        RawWebSocket client = joined();
        client.write(RawWebSocket.frame(true, RawWebSocket.CLOSE, closePayload(code, "bye")));

        assertThat(client.awaitCloseCode()).isEqualTo(code);
    }

    @Test
    void A6_aDataFrameInsideAFragmentedMessageGetsA1002CloseFrame() {
        RawWebSocket client = joined();
        client.write(RawWebSocket.frame(false, RawWebSocket.TEXT, "{\"action\":".getBytes(StandardCharsets.UTF_8)),
                RawWebSocket.textFrame("{}"));

        assertThat(client.awaitCloseCode()).isEqualTo(1002);
        tracker.awaitStats("the client's member gone", s -> s.getInteger("members") == 0);
    }

    @Test
    void A6_aContinuationWithoutAMessageGetsA1002CloseFrame() {
        RawWebSocket client = joined();
        client.write(RawWebSocket.frame(true, RawWebSocket.CONTINUATION, "}".getBytes(StandardCharsets.UTF_8)));

        assertThat(client.awaitCloseCode()).isEqualTo(1002);
    }

    /** A connection that is a member of a swarm, its reply read. */
    private RawWebSocket joined() {
        RawWebSocket client = raw();
        client.sendText(ClientAnnounce.started(Ids.infoHash(), Ids.peerId()).toString());
        Frame reply = client.readDataFrame();
        assertThat(reply.text()).contains("\"incomplete\":1");
        return client;
    }

    private static byte[] closePayload(int code, String reason) {
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        payload.write(code >>> 8);
        payload.write(code & 0xFF);
        payload.writeBytes(reason.getBytes(StandardCharsets.UTF_8));
        return payload.toByteArray();
    }
}
