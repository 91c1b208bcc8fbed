package dev.hivecast.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ViewerRequestsTest {

    private final SplittableRandom random = new SplittableRandom(7);

    @Test
    void generatedFramesAreValidRequestsForTheTrackerCodec() {
        ViewerRequests frames = new ViewerRequests(SyntheticSdp.offers(4, 1300, random), SyntheticSdp.answers(4, 550, random));
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
        assertThat(GeneratedIds.infoHash(3).toBinaryString()).hasSize(20).matches("[A-Za-z0-9+/]{20}");
        assertThat(GeneratedIds.infoHash(3)).isEqualTo(GeneratedIds.infoHash(3)).isNotEqualTo(GeneratedIds.infoHash(4));
        assertThat(GeneratedIds.peerId(0)).isNotNull().isNotEqualTo(GeneratedIds.peerId(1));
        assertThat(GeneratedIds.peerId(18_999).toBinaryString()).hasSize(20).startsWith("-HC0100-");
        assertThat(GeneratedIds.offerId(random)).hasSize(20).matches("[\\x00-\\xff]{20}");
    }

    @Test
    void framesHaveTheKeysAndOrderOfP2pMediaLoaderAndOfAClientLeavingASwarm() {
        ViewerRequests frames = new ViewerRequests(SyntheticSdp.offers(1, 700, random), SyntheticSdp.answers(1, 550, random));
        String announce = new String(frames.announce(true, GeneratedIds.infoHash(0), GeneratedIds.peerId(0), 5,
                new String[] {"o"}, random), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(announce).startsWith("{\"numwant\":5,\"uploaded\":0,\"downloaded\":0,\"event\":\"started\",\"action\":\"announce\",\"info_hash\":")
                .contains(",\"offers\":[{\"offer\":{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n").endsWith(",\"offer_id\":\"o\"}]}");
        String stopped = new String(frames.stopped(GeneratedIds.infoHash(0), GeneratedIds.peerId(0)), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(stopped).startsWith("{\"numwant\":50,\"uploaded\":0,\"downloaded\":0,\"event\":\"stopped\",\"action\":\"announce\"")
                .doesNotContain("offers").doesNotContain("left");
    }
}
