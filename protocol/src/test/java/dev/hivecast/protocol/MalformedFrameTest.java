package dev.hivecast.protocol;

import static dev.hivecast.protocol.TestFrames.AWKWARD_ID;
import static dev.hivecast.protocol.TestFrames.CODEC;
import static dev.hivecast.protocol.TestFrames.PEER;
import static dev.hivecast.protocol.TestFrames.announce;
import static dev.hivecast.protocol.TestFrames.failure;
import static dev.hivecast.protocol.TestFrames.jsId;
import static dev.hivecast.protocol.TestFrames.parse;
import static dev.hivecast.protocol.TestFrames.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Checklist H: failures, their reasons, and the context they carry. */
class MalformedFrameTest {

    private static void assertParseLevel(ProtocolException e, String reason) {
        assertThat(e.reason()).isEqualTo(reason);
        assertThat(e.action()).isNull();
        assertThat(e.infoHash()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "{", "{\"action\":\"announce\",\"info_hash\":", "{\"action\":}", "{action:1}",
        "{'action':'scrape'}", "{\"action\":\"scrape\",}", "{\"a\":1 \"b\":2}", "{\"a\":NaN}", "{\"a\":01}",
        "{\"a\":\"\u0001\"}", "{\"a\":\"\\x\"}", "{\"a\":[1,]}", "{\"a\":/*c*/1}", "{\"a\":1}}", "{\"a\":1}x",
        "{\"a\":1}{\"a\":1}", "{} []", "{}null", "[1,", "nul", "\"abc"})
    void H56_invalidJsonIsAParseLevelFailure(String frame) {
        assertParseLevel(failure(frame), "invalid JSON");
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "[]", "[{\"action\":\"scrape\"}]", "42", "-1.5e3", "\"announce\"", "true", " null "})
    void H56_jsonThatIsNotAnObjectIsAParseLevelFailure(String frame) {
        assertParseLevel(failure(frame), "invalid request: not a JSON object");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"action\":\"frobnicate\"}|invalid action in WS request: frobnicate",
        "{}|invalid action in WS request: undefined",
        "{\"info_hash\":\"x\"}|invalid action in WS request: undefined",
        "{\"action\":null}|invalid action in WS request: null",
        "{\"action\":7}|invalid action in WS request: 7",
        "{\"action\":true}|invalid action in WS request: true",
        "{\"action\":{\"a\":1}}|invalid action in WS request: [object Object]",
        "{\"action\":[\"announce\"]}|invalid action in WS request: [object Array]",
        "{\"action\":\"Announce\"}|invalid action in WS request: Announce",
        "{\"action\":\"\"}|'invalid action in WS request: '",
        "{\"action\":\"announce\",\"action\":\"x\"}|invalid action in WS request: x"})
    void H56_unknownActionIsAParseLevelFailureWithTheReferenceText(String frame, String reason) {
        assertParseLevel(failure(frame), reason);
    }

    @Test
    void H56_aLongUnknownActionIsNotEchoedInFull() {
        ProtocolException e = failure("{\"action\":\"" + "a".repeat(10_000) + "\"}");
        assertThat(e.reason()).hasSizeLessThan(100).startsWith("invalid action in WS request: aaaa");
    }

    @Test
    void H56_aLoneSurrogateInAnUnknownActionIsEchoedAsValidJson() {
        ProtocolException e = failure("{\"action\":\"\\ud800\"}");
        assertThat(new String(CODEC.encode(e.toResponse()), StandardCharsets.UTF_8))
                .isEqualTo("{\"failure reason\":\"invalid action in WS request: \\ud800\"}");
    }

    static byte[][] notUtf8() {
        return new byte[][] {
            {(byte) 0xE8, 0x04, (byte) 0xB7, 0x29}, // random bytes, as the reference's binary-frame probe
            {'{', '"', 'a', '"', ':', '"', (byte) 0xC0, (byte) 0x80, '"', '}'}, // overlong NUL
            {'{', '"', 'a', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'}, // encoded surrogate
            {'{', '"', 'a', '"', ':', '"', (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80, '"', '}'}, // > U+10FFFF
            {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '"', '}'}, // truncated sequence
            {'{', '"', 'a', '"', ':', '"', (byte) 0xFF, '"', '}'},
            {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '}'}, // a UTF-8 BOM: JSON.parse rejects it too
            {(byte) 0xFE, (byte) 0xFF, 0, '{', 0, '}'},
            "{\"action\":\"scrape\"}".getBytes(StandardCharsets.UTF_16LE),
            "{\"action\":\"scrape\"}".getBytes(StandardCharsets.UTF_16BE),
            "{\"action\":\"scrape\"}".getBytes(java.nio.charset.Charset.forName("UTF-32")),
        };
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("notUtf8")
    void H56_framesThatAreNotUtf8AreInvalidJson(byte[] frame) {
        assertParseLevel(failure(frame), "invalid JSON");
    }

    @Test
    void H56_invalidUtf8InsideAnOfferIsCaughtThoughTheOfferIsNeverDecoded() {
        byte[] frame = utf8(announce(AWKWARD_ID, PEER, ",\"offers\":[{\"offer\":{\"sdp\":\"XX\"},\"offer_id\":\"a\"}]"));
        String s = new String(frame, StandardCharsets.UTF_8);
        int at = s.indexOf("XX");
        frame[at] = (byte) 0xC0;
        frame[at + 1] = (byte) 0xAF; // overlong '/'
        assertParseLevel(failure(frame), "invalid JSON");
    }

    @Test
    void H56_nestingDeeperThanTheLimitIsInvalidJsonAndWithinItIsFine() throws Exception {
        String ok = announce(AWKWARD_ID, PEER, ",\"x\":" + "[".repeat(31) + "]".repeat(31));
        assertThat(parse(ok)).isInstanceOf(AnnounceRequest.class);
        String deep = announce(AWKWARD_ID, PEER, ",\"x\":" + "[".repeat(32) + "]".repeat(32));
        assertParseLevel(failure(deep), "invalid JSON");
        String deepOffer = announce(AWKWARD_ID, PEER, ",\"offers\":[{\"offer\":" + "{\"a\":".repeat(40) + "1"
                + "}".repeat(40) + ",\"offer_id\":\"a\"}]");
        assertParseLevel(failure(deepOffer), "invalid JSON");
    }

    @Test
    void H56_hugeNumbersAnywhereNeverThrowAnythingElse() throws Exception {
        String big = "9".repeat(900);
        AnnounceRequest a = (AnnounceRequest) parse(announce(AWKWARD_ID, PEER,
                ",\"numwant\":" + big + ",\"left\":-" + big + "e99999,\"uploaded\":" + big + ".5e-99999"));
        assertThat(a.numwant()).isEqualTo(Integer.MAX_VALUE);
        assertThat(a.complete()).isFalse();
        // Beyond jackson's 1000-digit number limit: rejected, not thrown.
        assertParseLevel(failure(announce(AWKWARD_ID, PEER, ",\"numwant\":" + "9".repeat(5000))), "invalid JSON");
    }

    @Test
    void H55_failuresCarryActionAndInfoHashWhateverTheFieldOrder() {
        ProtocolException e = failure("{\"event\":\"bogus\",\"peer_id\":" + jsId(PEER) + ",\"action\":\"announce\","
                + "\"info_hash\":" + jsId(AWKWARD_ID) + "}");
        assertThat(e.toResponse()).isEqualTo(new ErrorResponse("announce", new InfoHash(AWKWARD_ID), "invalid event"));

        ProtocolException noPeer = failure("{\"info_hash\":" + jsId(AWKWARD_ID) + ",\"action\":\"announce\"}");
        assertThat(noPeer.toResponse()).isEqualTo(new ErrorResponse("announce", new InfoHash(AWKWARD_ID), "invalid peer_id"));

        ProtocolException noHash = failure("{\"peer_id\":" + jsId(PEER) + ",\"action\":\"announce\"}");
        assertThat(noHash.toResponse()).isEqualTo(new ErrorResponse("announce", null, "invalid info_hash"));
    }

    @Test
    void protocolExceptionsAreCheapNoStackTraceNoCause() {
        ProtocolException e = failure("nope");
        assertThat(e.getStackTrace()).isEmpty();
        assertThat(e.getCause()).isNull();
        assertThat(e.getMessage()).isEqualTo("invalid JSON");
        e.addSuppressed(new RuntimeException());
        assertThat(e.getSuppressed()).isEmpty();
    }

    @Test
    void parseRejectsARangeOutsideTheArrayAsAProgrammingError() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CODEC.parse(new byte[4], 2, 3))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void aFrameMayBeParsedFromTheMiddleOfABiggerBuffer() throws Exception {
        byte[] frame = utf8("garbage{\"action\":\"scrape\"}]]]");
        assertThat(CODEC.parse(frame, 7, frame.length - 10)).isEqualTo(new ScrapeRequest(java.util.List.of(), true));
    }
}
