package dev.hivecast.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ClientFramesTest {

    private final SplittableRandom random = new SplittableRandom(7);

    @Test
    void generatedFramesAreValidRequestsForTheTrackerCodec() {
        ClientFrames frames = new ClientFrames(SyntheticSdp.offers(4, 1300, random), SyntheticSdp.answers(4, 550, random));
        for (int offers : new int[] {0, 1, 5, 20}) {
            assertThatCode(() -> FrameCheck.verify(frames, offers)).doesNotThrowAnyException();
        }
    }

    @Test
    void sdpTextsHaveTheRequestedSizeAndCrlfLineEnds() {
        for (String sdp : SyntheticSdp.offers(8, 1300, random)) {
            assertThat(sdp).hasSize(1300).startsWith("v=0\r\n").endsWith("\r\n").doesNotContain("\n\n");
        }
        for (String sdp : SyntheticSdp.answers(8, 550, random)) {
            assertThat(sdp).hasSize(550).contains("a=setup:active\r\n");
        }
    }

    @Test
    void idsAreTwentyCharactersAndPeerIdsAreUniquePerIndex() {
        assertThat(ClientFrames.infoHash(3)).hasSize(20).isEqualTo(ClientFrames.infoHash(3)).isNotEqualTo(ClientFrames.infoHash(4));
        assertThat(ClientFrames.peerId(0)).hasSize(20).isNotEqualTo(ClientFrames.peerId(1));
        assertThat(ClientFrames.peerId(18_999)).hasSize(20).startsWith("-HC0100-");
        assertThat(ClientFrames.offerId(random)).hasSize(20).matches("[\\x00-\\xff]{20}");
    }

    @Test
    void stringsAreQuotedAsJsonStringifyQuotesThem() {
        StringBuilder sb = new StringBuilder();
        ClientFrames.quote(sb, "a\"\\\b\t\n\f\r\u0000\u001b\u007f\u00ff/");
        assertThat(sb.toString()).isEqualTo("\"a\\\"\\\\\\b\\t\\n\\f\\r\\u0000\\u001b\u007f\u00ff/\"");
    }
}
