package dev.hivecast.tracker.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivecast.protocol.InfoHash;
import dev.hivecast.protocol.JsonSlice;
import dev.hivecast.protocol.OfferMessage;
import dev.hivecast.protocol.PeerId;
import dev.hivecast.protocol.RelayParts;
import dev.hivecast.protocol.TrackerCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 6455 section 5.2 server text frames, as the tracker writes them straight to the socket. */
class TextFramesTest {

    private static final UnpooledByteBufAllocator ALLOC = new UnpooledByteBufAllocator(false);
    private static final TrackerCodec CODEC = new TrackerCodec();

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 125, 126, 127, 65_535, 65_536, 70_000})
    void aMessageBecomesOneFinalTextFrameWithTheShortestLengthField(int length) {
        byte[] message = "x".repeat(length).getBytes(StandardCharsets.US_ASCII);
        byte[] frame = bytes(TextFrames.encode(ALLOC, message));

        assertThat(frame[0] & 0xFF).as("FIN, text opcode").isEqualTo(0x81);
        int header;
        if (length <= 125) {
            header = 2;
            assertThat(frame[1]).as("7-bit length, unmasked").isEqualTo((byte) length);
        } else if (length <= 0xFFFF) {
            header = 4;
            assertThat(frame[1]).isEqualTo((byte) 126);
            assertThat((frame[2] & 0xFF) << 8 | frame[3] & 0xFF).isEqualTo(length);
        } else {
            header = 10;
            assertThat(frame[1]).isEqualTo((byte) 127);
            long encoded = 0;
            for (int i = 2; i < 10; i++) {
                encoded = encoded << 8 | frame[i] & 0xFF;
            }
            assertThat(encoded).isEqualTo(length);
        }
        assertThat(frame).hasSize(header + length);
        assertThat(TextFrames.headerSize(length)).isEqualTo(header);
    }

    @ParameterizedTest
    @ValueSource(ints = {10, 90, 100, 65_500, 66_000})
    void aRelayWrittenInPiecesIsTheFrameOfTheWholeMessage(int sdpLength) {
        String offer = "{\"type\":\"offer\",\"sdp\":\"" + "s".repeat(sdpLength) + "\"}";
        byte[] received = ("[" + offer + "]").getBytes(StandardCharsets.UTF_8);
        OfferMessage message = new OfferMessage(new InfoHash(id('i')), new PeerId(id('p')), "offer-1",
                new JsonSlice(received, 1, received.length - 2));
        RelayParts relay = CODEC.encodeRelay(message);

        assertThat(bytes(TextFrames.encode(ALLOC, relay))).isEqualTo(bytes(TextFrames.encode(ALLOC, CODEC.encode(message))));
    }

    private static byte[] id(char c) {
        return String.valueOf(c).repeat(20).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] bytes(ByteBuf frame) {
        try {
            assertThat(frame.writableBytes()).as("sized exactly").isZero();
            return ByteBufUtil.getBytes(frame);
        } finally {
            frame.release();
        }
    }
}
