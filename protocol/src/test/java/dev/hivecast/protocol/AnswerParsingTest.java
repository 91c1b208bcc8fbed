package dev.hivecast.protocol;

import static dev.hivecast.protocol.TestFrames.AWKWARD_ID;
import static dev.hivecast.protocol.TestFrames.CODEC;
import static dev.hivecast.protocol.TestFrames.OTHER_PEER;
import static dev.hivecast.protocol.TestFrames.PEER;
import static dev.hivecast.protocol.TestFrames.failure;
import static dev.hivecast.protocol.TestFrames.js;
import static dev.hivecast.protocol.TestFrames.jsId;
import static dev.hivecast.protocol.TestFrames.parse;
import static dev.hivecast.protocol.TestFrames.text;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Checklist E: an announce carrying an answer. */
class AnswerParsingTest {

    private static final String ANSWER = "{\"type\":\"answer\",\"sdp\":" + js("v=0\r\na=fingerprint:sha-256 AB:CD\r\n") + "}";

    /** The key order of every real client: action, info_hash, peer_id, to_peer_id, answer, offer_id. */
    private static String answerFrame(String toPeerId, String answer, String offerId) {
        return "{\"action\":\"announce\",\"info_hash\":" + jsId(AWKWARD_ID) + ",\"peer_id\":" + jsId(PEER)
                + (toPeerId == null ? "" : ",\"to_peer_id\":" + toPeerId)
                + ",\"answer\":" + answer
                + (offerId == null ? "" : ",\"offer_id\":" + offerId) + "}";
    }

    @Test
    void E33_answerCarriesBothPeersTheOfferIdAndTheAnswerAsSent() throws Exception {
        AnswerRequest a = (AnswerRequest) parse(answerFrame(jsId(OTHER_PEER), ANSWER, js("\u00b2\u00ab\u00f4y")));

        assertThat(a.infoHash()).isEqualTo(new InfoHash(AWKWARD_ID));
        assertThat(a.peerId()).isEqualTo(new PeerId(PEER));
        assertThat(a.toPeerId()).isEqualTo(new PeerId(OTHER_PEER));
        assertThat(a.offerId()).isEqualTo("\u00b2\u00ab\u00f4y");
        assertThat(text(a.answer())).isEqualTo(ANSWER);
    }

    @Test
    void E33_relayedAnswerHasTheReferenceShapeAndTheAnswerBytesUnchanged() throws Exception {
        AnswerRequest a = (AnswerRequest) parse(answerFrame(jsId(OTHER_PEER), ANSWER, "\"o1\""));
        byte[] relayed = CODEC.encode(new AnswerMessage(a.infoHash(), a.peerId(), a.offerId(), a.answer()));
        assertThat(text(relayed)).isEqualTo("{\"action\":\"announce\",\"answer\":" + ANSWER + ",\"offer_id\":\"o1\","
                + "\"peer_id\":" + jsId(PEER) + ",\"info_hash\":" + jsId(AWKWARD_ID) + "}");
    }

    @Test
    void E33_offersAndEventInAnAnswerAreIgnored() throws Exception {
        String frame = answerFrame(jsId(OTHER_PEER), ANSWER, "\"o\"");
        frame = frame.substring(0, frame.length() - 1) + ",\"event\":\"nonsense\",\"offers\":[null]}";
        assertThat(parse(frame)).isInstanceOf(AnswerRequest.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"short\"", "null", "42", "\"aaaaaaaaaaaaaaaaaaaaa\""})
    void E34_answerWithoutAValidToPeerIdIsRejected(String toPeerId) {
        for (String frame : new String[] {answerFrame(toPeerId, ANSWER, "\"o\""), answerFrame(null, ANSWER, "\"o\"")}) {
            ProtocolException e = failure(frame);
            assertThat(e.reason()).isEqualTo("invalid `to_peer_id` (required with `answer`)");
            assertThat(e.action()).isEqualTo("announce");
            assertThat(e.infoHash()).isEqualTo(new InfoHash(AWKWARD_ID));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"v=0\"", "[]", "[{}]", "false", "true", "0", "\"\""})
    void E34_answerThatIsNotAnObjectIsRejected(String answer) {
        assertThat(failure(answerFrame(jsId(OTHER_PEER), answer, "\"o\"")).reason()).isEqualTo("invalid answer");
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "1", "\"\"", "[\"o\"]"})
    void E34_answerWithoutAValidOfferIdIsRejected(String offerId) {
        assertThat(failure(answerFrame(jsId(OTHER_PEER), ANSWER, offerId)).reason()).isEqualTo("invalid offer_id");
        assertThat(failure(answerFrame(jsId(OTHER_PEER), ANSWER, null)).reason()).isEqualTo("invalid offer_id");
    }

    @Test
    void E34_anAnswerStillNeedsAValidInfoHashAndPeerIdFirst() {
        String badHash = answerFrame(jsId(OTHER_PEER), ANSWER, "\"o\"").replace(jsId(AWKWARD_ID), "\"x\"");
        assertThat(failure(badHash).reason()).isEqualTo("invalid info_hash");
        String badPeer = answerFrame("\"x\"", ANSWER, "\"o\"").replace(jsId(PEER), "\"x\"");
        assertThat(failure(badPeer).reason()).isEqualTo("invalid peer_id");
    }
}
