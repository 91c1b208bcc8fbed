package dev.hivecast.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import dev.hivecast.protocol.AnnounceResponse;
import dev.hivecast.protocol.AnswerMessage;
import dev.hivecast.protocol.ErrorResponse;
import dev.hivecast.protocol.InfoHash;
import dev.hivecast.protocol.JsonSlice;
import dev.hivecast.protocol.OfferMessage;
import dev.hivecast.protocol.OutMessage;
import dev.hivecast.protocol.PeerId;
import dev.hivecast.protocol.TrackerCodec;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Replies are encoded by the tracker's own codec, so the generator reads exactly what it sends. */
class TrackerReplyTest {

    private final TrackerCodec codec = new TrackerCodec();
    private final JsonFactory json = new JsonFactory();
    private final SplittableRandom random = new SplittableRandom(3);
    private final InfoHash infoHash = InfoHash.fromBinaryString(ClientFrames.infoHash(0));
    private final String offerer = binaryId();
    private final String offerId = binaryId();

    @Test
    void aRelayedOfferGivesTheOfferersPeerIdTheOfferIdAndTheSwarm() {
        TrackerReply r = read(new OfferMessage(infoHash, PeerId.fromBinaryString(offerer), offerId,
                JsonSlice.of("{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n\"}")));
        assertThat(r).isEqualTo(new TrackerReply(TrackerReply.Kind.OFFER, offerer, offerId, null, ClientFrames.infoHash(0)));
    }

    @Test
    void aRelayedAnswerGivesTheOfferId() {
        TrackerReply r = read(new AnswerMessage(infoHash, PeerId.fromBinaryString(offerer), offerId,
                JsonSlice.of("{\"type\":\"answer\",\"sdp\":\"v=0\\r\\n\"}")));
        assertThat(r.kind()).isEqualTo(TrackerReply.Kind.ANSWER);
        assertThat(r.offerId()).isEqualTo(offerId);
    }

    @Test
    void countsAreAnAnnounceReplyAndFailuresKeepTheirText() {
        assertThat(read(new AnnounceResponse(infoHash, 0, 7, 120)).kind()).isEqualTo(TrackerReply.Kind.ANNOUNCE_REPLY);
        assertThat(read(new ErrorResponse(ErrorResponse.ACTION_ANNOUNCE, infoHash, "invalid event")))
                .isEqualTo(new TrackerReply(TrackerReply.Kind.FAILURE, null, null, "invalid event", null));
        assertThat(read(new ErrorResponse(null, null, "Unexpected end of JSON input")).failureReason())
                .isEqualTo("Unexpected end of JSON input");
    }

    @Test
    void garbageIsUnparseableNotAnException() {
        assertThat(TrackerReply.parse(json, "{\"action\":").kind()).isEqualTo(TrackerReply.Kind.UNPARSEABLE);
        assertThat(TrackerReply.parse(json, "[1]").kind()).isEqualTo(TrackerReply.Kind.UNPARSEABLE);
        assertThat(TrackerReply.parse(json, "{\"action\":\"scrape\",\"files\":{}}").kind()).isEqualTo(TrackerReply.Kind.OTHER);
    }

    private TrackerReply read(OutMessage message) {
        return TrackerReply.parse(json, new String(codec.encode(message), StandardCharsets.UTF_8));
    }

    private String binaryId() {
        return ClientFrames.offerId(random);
    }
}
