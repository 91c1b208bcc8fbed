package dev.hivecast.tracker.it;

import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.hivecast.protocol.AnswerRequest;
import dev.hivecast.protocol.ClientAnnounce;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Requests the codec refuses, one per test: what the reply says and that nothing else happens
 * (the rule is in {@link BadInputTestBase}).
 */
class MalformedRequestIT extends BadInputTestBase {

    // ---- parse-level failures: no action, no info_hash ------------------------------------------

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "{\"action\":\"announce\",\"info_hash\":",
            "{\"action\":\"announce\",}",
            "{\"action\":\"scrape\",\"info_hash\":\"{ih}\"}{\"action\":\"scrape\"}",
            "{'action':'announce'}",
            "not json at all",
            ""})
    void H56_malformedJsonGetsInvalidJsonAndChangesNothing(String frame) {
        assertRejected(frame, "{\"failure reason\":\"invalid JSON\"}");
    }

    @Test
    void H56_nullJsonGetsAFailureReasonAndTheConnectionKeepsWorking() {
        assertRejected("null", "{\"failure reason\":\"invalid request: not a JSON object\"}");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"[]", "[{\"action\":\"announce\",\"info_hash\":\"{ih}\",\"peer_id\":\"{peer}\",\"event\":\"stopped\"}]"})
    void H56_anArrayGetsNotAJsonObject(String frame) {
        assertRejected(frame, "{\"failure reason\":\"invalid request: not a JSON object\"}");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"42", "-1.5e400", "\"announce\"", "true"})
    void H56_aNumberStringOrBooleanGetsNotAJsonObject(String frame) {
        assertRejected(frame, "{\"failure reason\":\"invalid request: not a JSON object\"}");
    }

    static Stream<Arguments> unknownActions() {
        return Stream.of(
                arguments("\"frobnicate\"", "frobnicate"),
                arguments("\"Announce\"", "Announce"),
                arguments("7", "7"),
                arguments("null", "null"),
                arguments("{}", "[object Object]"));
    }

    @ParameterizedTest(name = "action {0}")
    @MethodSource("unknownActions")
    void H56_anUnknownActionGetsTheReferencesMessage(String action, String printed) {
        assertRejected("{\"action\":" + action + ",\"info_hash\":\"{ih}\",\"peer_id\":\"{peer}\",\"event\":\"stopped\"}",
                "{\"failure reason\":\"invalid action in WS request: " + printed + "\"}");
    }

    @Test
    void H56_aMissingActionIsUndefined() {
        assertRejected("{\"info_hash\":\"{ih}\",\"peer_id\":\"{peer}\",\"event\":\"stopped\"}",
                "{\"failure reason\":\"invalid action in WS request: undefined\"}");
    }

    @Test
    void I65_aBinaryFrameThatIsNotUtf8GetsInvalidJson() {
        Scene s = scene();
        // A lone surrogate encoded as if it were a character (ED A0 80) is not UTF-8.
        Buffer frame = Buffer.buffer(s.fill("{\"action\":\"announce\",\"info_hash\":\"{ih}\",\"peer_id\":\"{peer}\",\"x\":\""))
                .appendBytes(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80})
                .appendString("\"}");

        s.offender().sendFrame(WebSocketFrame.binaryFrame(frame, true));

        assertReplyAndNoSideEffects(s, "{\"failure reason\":\"invalid JSON\"}");
    }

    // ---- announce failures: action, and info_hash once it was valid ----------------------------

    @ParameterizedTest(name = "event {0}")
    @ValueSource(strings = {"\"bogus\"", "\"STARTED\"", "5", "{}"})
    void C17_anUnknownEventIsRefusedWithActionAndInfoHash(String event) {
        assertRejected("{\"numwant\":5,\"left\":0,\"event\":" + event
                        + ",\"action\":\"announce\",\"info_hash\":\"{ih}\",\"peer_id\":\"{peer}\",\"offers\":[{\"offer\":"
                        + OFFER + ",\"offer_id\":\"offer-of-a-bad-event\"}]}",
                "{\"action\":\"announce\",\"failure reason\":\"invalid event\",\"info_hash\":\"{ih}\"}");
    }

    static Stream<Arguments> wrongIds() {
        String hex40 = "0123456789abcdef0123456789abcdef01234567";
        return Stream.of(
                arguments("19 characters", "x".repeat(19)),
                arguments("21 characters", "x".repeat(21)),
                arguments("40 hex digits", hex40),
                arguments("U+0100 raw", "x".repeat(19) + "\u0100"),
                arguments("U+0100 escaped", "x".repeat(19) + "\\u0100"),
                arguments("U+20AC", "\u20ac" + "x".repeat(19)),
                arguments("a lone high surrogate", "x".repeat(19) + "\\ud800"),
                arguments("a lone low surrogate", "\\udc00" + "x".repeat(19)),
                arguments("a surrogate pair", "x".repeat(18) + "\\ud83d\\ude00"),
                arguments("empty", ""));
    }

    @ParameterizedTest(name = "info_hash of {0}")
    @MethodSource("wrongIds")
    void B8_anInfoHashThatIsNotTwentyLatin1CharactersIsRefused(String description, String id) {
        assertRejected("{\"event\":\"started\",\"action\":\"announce\",\"info_hash\":\"" + id + "\",\"peer_id\":\"{peer}\"}",
                "{\"action\":\"announce\",\"failure reason\":\"invalid info_hash\"}");
    }

    @ParameterizedTest(name = "peer_id of {0}")
    @MethodSource("wrongIds")
    void B8_aPeerIdThatIsNotTwentyLatin1CharactersIsRefusedWithTheInfoHash(String description, String id) {
        assertRejected("{\"event\":\"stopped\",\"action\":\"announce\",\"info_hash\":\"{ih}\",\"peer_id\":\"" + id + "\"}",
                "{\"action\":\"announce\",\"failure reason\":\"invalid peer_id\",\"info_hash\":\"{ih}\"}");
    }

    static Stream<Arguments> missingOrMistypedFields() {
        String noHash = "{\"action\":\"announce\",\"failure reason\":\"invalid info_hash\"}";
        String badPeer = "{\"action\":\"announce\",\"failure reason\":\"invalid peer_id\",\"info_hash\":\"{ih}\"}";
        String badTo = "{\"action\":\"announce\",\"failure reason\":\"invalid `to_peer_id` (required with `answer`)\",\"info_hash\":\"{ih}\"}";
        String badAnswer = "{\"action\":\"announce\",\"failure reason\":\"invalid answer\",\"info_hash\":\"{ih}\"}";
        String badOfferId = "{\"action\":\"announce\",\"failure reason\":\"invalid offer_id\",\"info_hash\":\"{ih}\"}";
        String badOffers = "{\"action\":\"announce\",\"failure reason\":\"invalid offers\",\"info_hash\":\"{ih}\"}";
        String start = "{\"event\":\"stopped\",\"action\":\"announce\"";
        String answer = "{\"action\":\"announce\",\"info_hash\":\"{ih}\",\"peer_id\":\"{peer}\"";
        String offers = "{\"event\":\"started\",\"action\":\"announce\",\"info_hash\":\"{ih}\",\"peer_id\":\"{peer}\",\"offers\":";
        return Stream.of(
                arguments("no info_hash", start + ",\"peer_id\":\"{peer}\"}", noHash),
                arguments("info_hash a number", start + ",\"info_hash\":12345678901234567890,\"peer_id\":\"{peer}\"}", noHash),
                arguments("info_hash null", start + ",\"info_hash\":null,\"peer_id\":\"{peer}\"}", noHash),
                arguments("info_hash an array", start + ",\"info_hash\":[\"{ih}\"],\"peer_id\":\"{peer}\"}", noHash),
                arguments("no peer_id", start + ",\"info_hash\":\"{ih}\"}", badPeer),
                arguments("peer_id a number", start + ",\"info_hash\":\"{ih}\",\"peer_id\":12345}", badPeer),
                arguments("peer_id an array", start + ",\"info_hash\":\"{ih}\",\"peer_id\":[\"{peer}\"]}", badPeer),
                arguments("answer without to_peer_id", answer + ",\"answer\":" + ANSWER + ",\"offer_id\":\"o\"}", badTo),
                arguments("answer with to_peer_id a number", answer + ",\"to_peer_id\":5,\"answer\":" + ANSWER + ",\"offer_id\":\"o\"}", badTo),
                arguments("answer a string", answer + ",\"to_peer_id\":\"{other}\",\"answer\":\"v=0\",\"offer_id\":\"o\"}", badAnswer),
                arguments("answer without offer_id", answer + ",\"to_peer_id\":\"{other}\",\"answer\":" + ANSWER + "}", badOfferId),
                arguments("answer with offer_id a number", answer + ",\"to_peer_id\":\"{other}\",\"answer\":" + ANSWER + ",\"offer_id\":7}", badOfferId),
                arguments("offer without offer_id", offers + "[{\"offer\":" + OFFER + "}]}", badOfferId),
                arguments("offer with offer_id a number", offers + "[{\"offer\":" + OFFER + ",\"offer_id\":7}]}", badOfferId),
                arguments("offer with an empty offer_id", offers + "[{\"offer\":" + OFFER + ",\"offer_id\":\"\"}]}", badOfferId),
                arguments("offer a string", offers + "[{\"offer\":\"v=0\",\"offer_id\":\"o\"}]}", badOffers),
                arguments("offer missing", offers + "[{\"offer_id\":\"o\"}]}", badOffers));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("missingOrMistypedFields")
    void H55_aMissingOrMistypedFieldIsRefusedWithAsMuchContextAsTheRequestHad(String description, String frame, String reply) {
        assertRejected(frame, reply);
    }

    @ParameterizedTest(name = "offers {0}")
    @ValueSource(strings = {
            "[null]",
            "[{\"offer\":" + OFFER + ",\"offer_id\":\"valid-first-item\"},null]",
            "[{\"offer\":" + OFFER + ",\"offer_id\":\"valid-first-item\"},5]",
            "[[]]"})
    void D30_offersWithANonObjectItemAreRefusedBeforeAnyOfferIsRelayed(String offers) {
        assertRejected("{\"numwant\":5,\"event\":\"started\",\"action\":\"announce\",\"info_hash\":\"{ih}\",\"peer_id\":\"{peer}\",\"offers\":"
                        + offers + "}",
                "{\"action\":\"announce\",\"failure reason\":\"invalid offers\",\"info_hash\":\"{ih}\"}");
    }

    @ParameterizedTest(name = "offers {0}")
    @ValueSource(strings = {"{}", "\"offers\"", "5", "true", "{\"offer\":" + OFFER + ",\"offer_id\":\"o\"}"})
    void D30_offersThatAreNotAnArrayAreRefused(String offers) {
        assertRejected("{\"numwant\":5,\"event\":\"started\",\"action\":\"announce\",\"info_hash\":\"{ih}\",\"peer_id\":\"{peer}\",\"offers\":"
                        + offers + "}",
                "{\"action\":\"announce\",\"failure reason\":\"invalid offers\",\"info_hash\":\"{ih}\"}");
    }

    @Test
    void B11_anOfferIdOver64CharactersIsRefused() {
        assertRejected(s -> ClientAnnounce.of(s.infoHash(), s.offenderId()).withOffers(Sdp.offers(List.of("o".repeat(65)))).toString(),
                "{\"action\":\"announce\",\"failure reason\":\"invalid offer_id\",\"info_hash\":\"{ih}\"}");
    }

    @Test
    void B11_anAnswersOfferIdOver64CharactersIsRefused() {
        assertRejected(s -> AnswerRequest.of(s.infoHash(), s.offenderId(), s.bystanderId(), "o".repeat(65), Sdp.answer()).toString(),
                "{\"action\":\"announce\",\"failure reason\":\"invalid offer_id\",\"info_hash\":\"{ih}\"}");
    }

    // ---- scrape ---------------------------------------------------------------------------------

    @ParameterizedTest(name = "info_hash {0}")
    @ValueSource(strings = {"12345", "[12345]", "[\"{ih}\",12345]", "{}", "true", "\"short\""})
    void G51_aScrapeWhoseInfoHashIsNotAnIdOrListOfIdsIsRefused(String infoHash) {
        assertRejected("{\"action\":\"scrape\",\"info_hash\":" + infoHash + "}",
                "{\"action\":\"scrape\",\"failure reason\":\"invalid info_hash\"}");
    }
}
