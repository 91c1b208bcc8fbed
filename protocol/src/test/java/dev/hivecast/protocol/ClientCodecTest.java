package dev.hivecast.protocol;

import static dev.hivecast.protocol.TestFrames.CODEC;
import static dev.hivecast.protocol.TestFrames.js;
import static dev.hivecast.protocol.TestFrames.text;
import static dev.hivecast.protocol.TestFrames.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The client's half: requests read back by the tracker's codec as what was meant, replies written
 * by the tracker's codec read back as the same message, and garbage a failure, never an exception.
 */
class ClientCodecTest {

    private static final ClientCodec CLIENT = new ClientCodec();
    /** Every byte JSON.stringify writes in its own way: short escapes, lowercase \\u00xx, raw DEL and Latin-1. */
    private static final String AWKWARD = "a\"\\\b\t\n\f\r\u0000\u001b\u007f\u00ff/";
    private static final InfoHash IH = new InfoHash(TestFrames.AWKWARD_ID);
    private static final PeerId PEER = new PeerId(TestFrames.PEER);
    private static final PeerId OTHER = new PeerId(TestFrames.OTHER_PEER);

    @Test
    void anAnnounceWithOffersIsWrittenWithP2pMediaLoadersKeysAndReadBackByTheTracker() throws Exception {
        ClientAnnounce sent = ClientAnnounce.of(IH, PEER).withEvent(Event.STARTED).withNumwant(5)
                .withOffers(List.of(Offer.of(AWKWARD, "v=0\r\n"), Offer.of("o2", "v=0\r\n")));
        byte[] frame = CLIENT.encode(sent);
        assertThat(text(frame)).isEqualTo("{\"numwant\":5,\"uploaded\":0,\"downloaded\":0,\"event\":\"started\","
                + "\"action\":\"announce\",\"info_hash\":" + TestFrames.jsId(TestFrames.AWKWARD_ID)
                + ",\"peer_id\":\"-WW0300-abcdefghijkl\",\"offers\":[{\"offer\":{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n\"},"
                + "\"offer_id\":" + js(AWKWARD) + "},{\"offer\":{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n\"},\"offer_id\":\"o2\"}]}");
        assertThat(sent.toString()).isEqualTo(text(frame));
        // P2P Media Loader's 0 and 0 are read as reported zeros.
        assertThat(CODEC.parse(frame)).isEqualTo(new AnnounceRequest(IH, PEER, Event.STARTED, false, 5, sent.offers(), 0, 0));
    }

    @Test
    void stoppedCompletedAndUpdatesCarryTheKeysOfTheirClient() throws Exception {
        // The bittorrent-tracker client: left always, no offers key on stopped and completed.
        assertThat(ClientAnnounce.of(IH, PEER).withNumwant(50).withLeft(0).withEvent(Event.COMPLETED).toString())
                .startsWith("{\"numwant\":50,\"uploaded\":0,\"downloaded\":0,\"left\":0,\"event\":\"completed\",\"action\"")
                .doesNotContain("offers");
        // webtorrent: "left":null before the metadata; the periodic update has no event key.
        ClientAnnounce update = ClientAnnounce.of(IH, PEER).withTransferred(3475, 2097152).withLeft(ClientAnnounce.LEFT_NULL)
                .withOffers(List.of());
        assertThat(update.toString()).startsWith("{\"uploaded\":3475,\"downloaded\":2097152,\"left\":null,\"action\"")
                .endsWith(",\"offers\":[]}");
        AnnounceRequest read = (AnnounceRequest) CODEC.parse(utf8(update.toString()));
        assertThat(read.event()).isEqualTo(Event.UPDATE);
        assertThat(read.complete()).isFalse();
        assertThat(read.numwant()).isEqualTo(AnnounceRequest.NUMWANT_ABSENT);
        AnnounceRequest stopped = (AnnounceRequest) CODEC.parse(CLIENT.encode(
                ClientAnnounce.started("-PM0203-0123456789Ab", "-PM0203-0123456789Ab").withEvent(Event.STOPPED)));
        assertThat(stopped.event()).isEqualTo(Event.STOPPED);
        assertThat(stopped.offers()).isEmpty();
    }

    @Test
    void anAnswerAndScrapesAreWrittenAsRealClientsWriteThem() throws Exception {
        AnswerRequest answer = new AnswerRequest(IH, PEER, OTHER, AWKWARD, ClientCodec.sessionDescription("answer", "v=0\r\n"));
        byte[] frame = CLIENT.encode(answer);
        assertThat(text(frame)).isEqualTo("{\"action\":\"announce\",\"info_hash\":" + TestFrames.jsId(TestFrames.AWKWARD_ID)
                + ",\"peer_id\":\"-WW0300-abcdefghijkl\",\"to_peer_id\":\"-PM0203-0123456789Ab\","
                + "\"answer\":{\"type\":\"answer\",\"sdp\":\"v=0\\r\\n\"},\"offer_id\":" + js(AWKWARD) + "}");
        assertThat(CODEC.parse(frame)).isEqualTo(answer);
        assertThat(answer.toString()).isEqualTo(text(frame));

        InfoHash other = new InfoHash(TestFrames.PML_INFO_HASH);
        assertThat(text(CLIENT.encode(new ScrapeRequest(List.of(other), false))))
                .isEqualTo("{\"action\":\"scrape\",\"info_hash\":\"7G+sux+6N/xStQg0FILL\"}");
        assertThat(text(CLIENT.encodeScrapeArray(List.of(other))))
                .isEqualTo("{\"action\":\"scrape\",\"info_hash\":[\"7G+sux+6N/xStQg0FILL\"]}");
        ScrapeRequest two = new ScrapeRequest(List.of(other, IH), false);
        assertThat(CODEC.parse(CLIENT.encode(two))).isEqualTo(two);
        assertThat(text(CLIENT.encode(new ScrapeRequest(List.of(), true)))).isEqualTo("{\"action\":\"scrape\"}");
        assertThat(ScrapeRequest.of("7G+sux+6N/xStQg0FILL").toString()).isEqualTo(text(CLIENT.encode(ScrapeRequest.of("7G+sux+6N/xStQg0FILL"))));
    }

    @Test
    void stringsAreQuotedAsJsonStringifyQuotesThem() {
        assertThat(text(ClientCodec.sessionDescription("offer", AWKWARD).bytes()))
                .isEqualTo("{\"type\":\"offer\",\"sdp\":\"a\\\"\\\\\\b\\t\\n\\f\\r\\u0000\\u001b\u007f\u00ff/\"}");
    }

    @Test
    void idsGivenAsStringsMustBeBinaryStrings() {
        assertThatThrownBy(() -> ClientAnnounce.of("too short", "-PM0203-0123456789Ab")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClientAnnounce.of("-PM0203-0123456789Ab", "\u20ac".repeat(20))).isInstanceOf(IllegalArgumentException.class);
        assertThat(ClientAnnounce.of("-PM0203-0123456789Ab", "-PM0203-0123456789Ab").peerId()).isEqualTo(OTHER);
    }

    @Test
    void everyReplyReadsBackAsTheMessageTheTrackerWrote() throws Exception {
        JsonSlice sdp = JsonSlice.of("{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n\"}");
        List<OutMessage> replies = List.of(
                new AnnounceResponse(IH, 3, 7, 120),
                new OfferMessage(IH, PEER, AWKWARD, sdp),
                new AnswerMessage(IH, OTHER, "o", JsonSlice.of("{\"type\":\"answer\",\"sdp\":\"\"}")),
                new ScrapeResponse(List.of(new ScrapeResponse.Entry(IH, 1, 2, 3_000_000_000L),
                        new ScrapeResponse.Entry(new InfoHash(TestFrames.PML_INFO_HASH), 0, 0, 0)), 600),
                new ScrapeResponse(List.of(), 600),
                new ErrorResponse(ErrorResponse.ACTION_ANNOUNCE, IH, "invalid event"),
                new ErrorResponse(ErrorResponse.ACTION_SCRAPE, null, "invalid info_hash"),
                new ErrorResponse(null, null, "Unexpected end of JSON input"));
        for (OutMessage m : replies) {
            assertThat(CLIENT.parseReply(CODEC.encode(m))).isEqualTo(m);
        }
        OfferMessage offer = (OfferMessage) CLIENT.parseReply(CODEC.encode(replies.get(1)));
        assertThat(text(offer.offer())).isEqualTo(sdp.toString());
    }

    @Test
    void repliesInAnyKeyOrderWithUnknownKeysAndNoIntervalStillRead() throws Exception {
        assertThat(CLIENT.parseReply(utf8("{\"info_hash\":\"7G+sux+6N/xStQg0FILL\",\"warning message\":\"x\","
                + "\"incomplete\":2,\"action\":\"announce\",\"complete\":1}")))
                .isEqualTo(new AnnounceResponse(new InfoHash(TestFrames.PML_INFO_HASH), 1, 2, 0));
    }

    @Test
    void garbageIsAFailureNotAnException() {
        assertThat(reason("{\"action\":")).isEqualTo(FailureReasons.INVALID_JSON);
        assertThat(reason("{\"action\":\"announce\"} {}")).isEqualTo(FailureReasons.INVALID_JSON);
        assertThat(reason("[1]")).isEqualTo(FailureReasons.NOT_AN_OBJECT);
        assertThat(reason("{\"action\":\"scrape\"}")).isEqualTo(ClientCodec.NOT_A_REPLY);
        assertThat(reason("{\"action\":\"announce\",\"complete\":-1,\"incomplete\":0,\"info_hash\":\"7G+sux+6N/xStQg0FILL\"}"))
                .isEqualTo(ClientCodec.NOT_A_REPLY);
        assertThat(reason("{\"action\":\"scrape\",\"files\":{\"short\":{}}}")).isEqualTo(ClientCodec.NOT_A_REPLY);
        assertThat(reason("\u00ff\u0000")).isEqualTo(FailureReasons.INVALID_JSON);
    }

    private static String reason(String frame) {
        ProtocolException e = catchThrowableOfType(ProtocolException.class, () -> CLIENT.parseReply(utf8(frame)));
        assertThat(e).as("a failure for %s", frame).isNotNull();
        return e.reason();
    }
}
