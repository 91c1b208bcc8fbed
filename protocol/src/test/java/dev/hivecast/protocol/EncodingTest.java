package dev.hivecast.protocol;

import static dev.hivecast.protocol.TestFrames.AWKWARD_ID;
import static dev.hivecast.protocol.TestFrames.CODEC;
import static dev.hivecast.protocol.TestFrames.OTHER_PEER;
import static dev.hivecast.protocol.TestFrames.PEER;
import static dev.hivecast.protocol.TestFrames.PML_INFO_HASH;
import static dev.hivecast.protocol.TestFrames.js;
import static dev.hivecast.protocol.TestFrames.jsId;
import static dev.hivecast.protocol.TestFrames.text;
import static dev.hivecast.protocol.TestFrames.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** docs/protocol.md#server-messages: the reference tracker's reply shapes, and strings as JSON.stringify writes them. */
class EncodingTest {

    private static final InfoHash IH = new InfoHash(AWKWARD_ID);
    private static final PeerId ME = new PeerId(PEER);
    /** An offer_id with a quote, a control character and non-ASCII: every escape the tail can need. */
    private static final String AWKWARD_ID_AS_OFFER_ID = "\"\u0007\u00e9\u20ac/x";

    @Test
    void C13_announceReplyHasTheReferenceFieldOrder() {
        assertThat(text(CODEC.encode(new AnnounceResponse(IH, 3, 14, 120)))).isEqualTo(
                "{\"complete\":3,\"incomplete\":14,\"action\":\"announce\",\"interval\":120,\"info_hash\":" + jsId(AWKWARD_ID) + "}");
    }

    @Test
    void D27_relayedOfferHasTheReferenceFieldOrderAndTheOfferBytesVerbatim() {
        JsonSlice offer = JsonSlice.of("{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n\\u00e9 \u00e9\"}");
        assertThat(text(CODEC.encode(new OfferMessage(IH, ME, "oid", offer)))).isEqualTo(
                "{\"action\":\"announce\",\"offer\":" + offer + ",\"offer_id\":\"oid\",\"peer_id\":" + jsId(PEER)
                        + ",\"info_hash\":" + jsId(AWKWARD_ID) + "}");
    }

    @Test
    void E33_relayedAnswerHasTheReferenceFieldOrderAndNoToPeerId() {
        JsonSlice answer = JsonSlice.of("{\"type\":\"answer\",\"sdp\":\"v=0\"}");
        assertThat(text(CODEC.encode(new AnswerMessage(IH, new PeerId(OTHER_PEER), "oid", answer)))).isEqualTo(
                "{\"action\":\"announce\",\"answer\":" + answer + ",\"offer_id\":\"oid\",\"peer_id\":" + jsId(OTHER_PEER)
                        + ",\"info_hash\":" + jsId(AWKWARD_ID) + "}");
    }

    @Test
    void sliceOutOfTheMiddleOfABufferIsCopiedExactly() {
        byte[] buffer = utf8("xx{\"a\":1}yy");
        JsonSlice slice = new JsonSlice(buffer, 2, 7);
        assertThat(text(CODEC.encode(new OfferMessage(IH, ME, "o", slice))))
                .startsWith("{\"action\":\"announce\",\"offer\":{\"a\":1},\"offer_id\"");
    }

    @Test
    void relayInPiecesHoldsTheSameBytesAsTheWholeMessageAndKeepsTheClientsObject() {
        JsonSlice offer = new JsonSlice(utf8("xx{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n\"}yy"), 2, 31);
        OfferMessage relayedOffer = new OfferMessage(IH, ME, AWKWARD_ID_AS_OFFER_ID, offer);
        RelayParts offerParts = CODEC.encodeRelay(relayedOffer);
        assertThat(offerParts.toByteArray()).isEqualTo(CODEC.encode(relayedOffer));
        assertThat(offerParts.length()).isEqualTo(CODEC.encode(relayedOffer).length);
        assertThat(offerParts.body()).isSameAs(offer);

        JsonSlice answer = JsonSlice.of("{\"type\":\"answer\",\"sdp\":\"v=0\"}");
        AnswerMessage relayedAnswer = new AnswerMessage(IH, new PeerId(OTHER_PEER), "o\u0001\"", answer);
        assertThat(CODEC.encodeRelay(relayedAnswer).toByteArray()).isEqualTo(CODEC.encode(relayedAnswer));
    }

    @Test
    void G48_scrapeReplyHasBinaryKeysAndFlags() {
        ScrapeResponse r = new ScrapeResponse(List.of(
                new ScrapeResponse.Entry(IH, 1, 2, 3),
                new ScrapeResponse.Entry(new InfoHash(PML_INFO_HASH), 0, 0, 9_000_000_000L)), 600);
        assertThat(text(CODEC.encode(r))).isEqualTo("{\"action\":\"scrape\",\"files\":{" + jsId(AWKWARD_ID)
                + ":{\"complete\":1,\"incomplete\":2,\"downloaded\":3},\"7G+sux+6N/xStQg0FILL\":{\"complete\":0,"
                + "\"incomplete\":0,\"downloaded\":9000000000}},\"flags\":{\"min_request_interval\":600}}");
    }

    @Test
    void G49_scrapeReplyWithNoFilesIsStillValidJson() {
        assertThat(text(CODEC.encode(new ScrapeResponse(List.of(), 600))))
                .isEqualTo("{\"action\":\"scrape\",\"files\":{},\"flags\":{\"min_request_interval\":600}}");
    }

    @Test
    void H55_errorWithActionAndInfoHash() {
        assertThat(text(CODEC.encode(new ErrorResponse("announce", IH, "invalid event")))).isEqualTo(
                "{\"action\":\"announce\",\"failure reason\":\"invalid event\",\"info_hash\":" + jsId(AWKWARD_ID) + "}");
        assertThat(text(CODEC.encode(new ErrorResponse("scrape", null, "invalid info_hash"))))
                .isEqualTo("{\"action\":\"scrape\",\"failure reason\":\"invalid info_hash\"}");
        assertThat(text(CODEC.encode(new ErrorResponse(null, null, "invalid JSON"))))
                .isEqualTo("{\"failure reason\":\"invalid JSON\"}");
        assertThat(text(CODEC.encode(new ErrorResponse(null, IH, "x"))))
                .isEqualTo("{\"failure reason\":\"x\",\"info_hash\":" + jsId(AWKWARD_ID) + "}");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        // character(s) | as JSON.stringify writes them
        "`\"`|`\\\"`", "`\\`|`\\\\`", "`/`|`/`", "`\u007f`|`\u007f`", "`\u0000`|`\\u0000`", "`\u001f`|`\\u001f`",
        "`\u001b`|`\\u001b`", "`\b`|`\\b`", "`\t`|`\\t`", "`\n`|`\\n`", "`\f`|`\\f`", "`\r`|`\\r`",
        "`\u000b`|`\\u000b`", "`\u0080`|`\u0080`", "`\u00ff`|`\u00ff`", "`\u07ff`|`\u07ff`", "`\u0800`|`\u0800`",
        "`\u2028\u2029`|`\u2028\u2029`", "`\ufffd`|`\ufffd`", "`\uffff`|`\uffff`", "`\ud83d\ude00`|`\ud83d\ude00`",
        "`\ud800`|`\\ud800`", "`\udfff`|`\\udfff`", "`\ude00\ud83d`|`\\ude00\\ud83d`", "`a\ud800\ud800\ude00`|`a\\ud800\ud800\ude00`"})
    void B9_stringsAreWrittenExactlyAsJsonStringifyWritesThem(String value, String expected) {
        byte[] json = CODEC.encode(new ErrorResponse(null, null, value));
        assertThat(json).isEqualTo(utf8("{\"failure reason\":\"" + expected + "\"}"));
        assertThat(text(json)).isEqualTo("{\"failure reason\":" + js(value) + "}");
    }

    @Test
    void B9_everyByteOfAnIdIsWrittenAsJsonStringifyWouldWriteItsCharacter() {
        for (int b = 0; b < 256; b++) {
            byte[] bytes = new byte[Id20.LENGTH];
            java.util.Arrays.fill(bytes, (byte) b);
            InfoHash ih = new InfoHash(bytes);
            assertThat(CODEC.encode(new AnnounceResponse(ih, 0, 0, 1)))
                    .isEqualTo(utf8("{\"complete\":0,\"incomplete\":0,\"action\":\"announce\",\"interval\":1,\"info_hash\":"
                            + js(ih.toBinaryString()) + "}"));
        }
    }

    @Test
    void numbersAreWrittenInDecimalIncludingNegativeAndExtremeOnes() {
        assertThat(text(CODEC.encode(new ScrapeResponse(List.of(new ScrapeResponse.Entry(IH, Integer.MAX_VALUE,
                Integer.MIN_VALUE, Long.MIN_VALUE)), -1)))).contains(
                "{\"complete\":2147483647,\"incomplete\":-2147483648,\"downloaded\":-9223372036854775808}},"
                        + "\"flags\":{\"min_request_interval\":-1}}");
        assertThat(text(CODEC.encode(new AnnounceResponse(IH, 0, 9, 10)))).startsWith("{\"complete\":0,\"incomplete\":9,");
    }

    @Test
    void encodedMessagesParseAsJson() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        byte[] json = CODEC.encode(new ErrorResponse("announce", IH, "\ud800 \" \\ \u0000 \ud83d\ude00"));
        assertThat(mapper.readTree(json).get("failure reason").asText()).isEqualTo("\ud800 \" \\ \u0000 \ud83d\ude00");
        assertThat(mapper.readTree(json).get("info_hash").asText()).isEqualTo(IH.toBinaryString());
    }
}
