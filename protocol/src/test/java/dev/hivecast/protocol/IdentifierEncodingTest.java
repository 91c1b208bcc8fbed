package dev.hivecast.protocol;

import static dev.hivecast.protocol.TestFrames.AWKWARD_ID;
import static dev.hivecast.protocol.TestFrames.CODEC;
import static dev.hivecast.protocol.TestFrames.OTHER_PEER;
import static dev.hivecast.protocol.TestFrames.PEER;
import static dev.hivecast.protocol.TestFrames.PML_INFO_HASH;
import static dev.hivecast.protocol.TestFrames.announce;
import static dev.hivecast.protocol.TestFrames.escapedId;
import static dev.hivecast.protocol.TestFrames.failure;
import static dev.hivecast.protocol.TestFrames.id;
import static dev.hivecast.protocol.TestFrames.js;
import static dev.hivecast.protocol.TestFrames.jsId;
import static dev.hivecast.protocol.TestFrames.parse;
import static dev.hivecast.protocol.TestFrames.parseAnnounce;
import static dev.hivecast.protocol.TestFrames.text;
import static dev.hivecast.protocol.TestFrames.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** docs/protocol.md#encoding-of-ids and #b-identifier-encoding: 20-byte ids as binary strings. */
class IdentifierEncodingTest {

    private static final String OK_PEER = jsId(PEER);
    private static final String OK_HASH = jsId(AWKWARD_ID);

    @Test
    void B7_rawAndEscapedSpellingsMapToTheSameKey() throws Exception {
        String raw = "{\"action\":\"scrape\",\"info_hash\":" + jsId(AWKWARD_ID) + "}";
        String lower = "{\"action\":\"scrape\",\"info_hash\":" + escapedId(AWKWARD_ID, false) + "}";
        String upper = "{\"action\":\"scrape\",\"info_hash\":" + escapedId(AWKWARD_ID, true) + "}";

        InfoHash expected = new InfoHash(AWKWARD_ID);
        for (String frame : List.of(raw, lower, upper)) {
            assertThat(((ScrapeRequest) parse(frame)).infoHashes()).containsExactly(expected);
        }
        assertThat(raw).isNotEqualTo(lower);
    }

    @Test
    void B7_peerIdsToPeerIdsInBothSpellingsAreTheSameId() throws Exception {
        AnswerRequest a = (AnswerRequest) parse("{\"action\":\"announce\",\"info_hash\":" + escapedId(AWKWARD_ID, true)
                + ",\"peer_id\":" + escapedId(PEER, false) + ",\"to_peer_id\":" + escapedId(OTHER_PEER, true)
                + ",\"answer\":{},\"offer_id\":\"x\"}");
        assertThat(a.infoHash()).isEqualTo(new InfoHash(AWKWARD_ID));
        assertThat(a.peerId()).isEqualTo(new PeerId(PEER));
        assertThat(a.toPeerId()).isEqualTo(new PeerId(OTHER_PEER));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 19, 21, 40})
    void B8_idsOf19Or21CharactersAreRejected(int length) {
        String bad = js("x".repeat(length));
        ProtocolException ih = failure(announce(AWKWARD_ID, PEER, "").replace(OK_HASH, bad));
        assertThat(ih.reason()).isEqualTo("invalid info_hash");
        assertThat(ih.action()).isEqualTo("announce");
        assertThat(ih.infoHash()).isNull();

        ProtocolException peer = failure(announce(AWKWARD_ID, PEER, "").replace(OK_PEER, bad));
        assertThat(peer.reason()).isEqualTo("invalid peer_id");
        assertThat(peer.infoHash()).isEqualTo(new InfoHash(AWKWARD_ID));
    }

    static List<String> notBinaryStrings() {
        String a19 = "a".repeat(19);
        return List.of(
                js(a19 + "\u0100"), // U+0100, just above one byte
                js(a19 + "\u20ac"), // a 3-byte UTF-8 character
                js(a19 + "\ud83d\ude00"), // an emoji: 19 + 2 UTF-16 units = 21
                js("a".repeat(18) + "\ud83d\ude00"), // an emoji making exactly 20 UTF-16 units
                "\"" + a19 + "\\ud800\"", // a lone high surrogate, escaped
                "\"" + a19 + "\\udc00\"", // a lone low surrogate, escaped
                "\"" + a19 + "\\u0100\"",
                "12345678901234567890", "null", "true", "[" + js("a".repeat(20)) + "]", "{\"a\":1}");
    }

    @ParameterizedTest
    @MethodSource("notBinaryStrings")
    void B8_idsWithCharactersAboveOneByteOrOfTheWrongTypeAreRejected(String value) {
        assertThat(failure(announce(AWKWARD_ID, PEER, "").replace(OK_HASH, value)).reason())
                .isEqualTo("invalid info_hash");
        assertThat(failure(announce(AWKWARD_ID, PEER, "").replace(OK_PEER, value)).reason())
                .isEqualTo("invalid peer_id");
        assertThat(failure(announce(AWKWARD_ID, PEER, ",\"to_peer_id\":" + value + ",\"answer\":{},\"offer_id\":\"o\"")).reason())
                .isEqualTo("invalid `to_peer_id` (required with `answer`)");
    }

    @Test
    void B8_missingIdsAreRejected() {
        assertThat(failure("{\"action\":\"announce\",\"peer_id\":" + OK_PEER + "}").reason()).isEqualTo("invalid info_hash");
        assertThat(failure("{\"action\":\"announce\",\"info_hash\":" + OK_HASH + "}").reason()).isEqualTo("invalid peer_id");
    }

    @Test
    void B9_echoedIdsAreByteIdenticalToTheClientsSpelling() throws Exception {
        String frame = announce(AWKWARD_ID, PEER, ",\"event\":\"started\"");
        AnnounceRequest a = parseAnnounce(frame);

        String reply = text(CODEC.encode(new AnnounceResponse(a.infoHash(), 0, 1, 120)));

        assertThat(reply).isEqualTo("{\"complete\":0,\"incomplete\":1,\"action\":\"announce\",\"interval\":120,"
                + "\"info_hash\":" + OK_HASH + "}");
        // The spelling JSON.stringify gives, checked by hand: short escapes, lowercase \\u00xx, raw DEL and Latin-1.
        assertThat(OK_HASH).isEqualTo("\"\\u0000\\b\\t\\n\\f\\r\\u001f\\\"\\\\/\u007f\u0080\u00c3\u00ffaZ \\u001b\u00a0\\u0001\"");
    }

    @Test
    void B10_asciiIdsOfP2pMediaLoaderWorkLikeBinaryOnes() throws Exception {
        AnnounceRequest a = parseAnnounce(announce(PML_INFO_HASH, OTHER_PEER, ",\"event\":\"started\""));
        assertThat(a.infoHash().toBinaryString()).isEqualTo("7G+sux+6N/xStQg0FILL");
        assertThat(a.peerId().toBinaryString()).isEqualTo("-PM0203-0123456789Ab");
        assertThat(text(CODEC.encode(new AnnounceResponse(a.infoHash(), 0, 1, 120))))
                .endsWith("\"info_hash\":\"7G+sux+6N/xStQg0FILL\"}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc123", "x", "a 20-character id...", "\u00e9\u00e8\"\\\n\ud83d\ude00 \\ud800 not binary"})
    void B11_offerIdIsForwardedVerbatimAndNeedNotBe20Chars(String offerId) throws Exception {
        String offer = "{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n\"}";
        AnnounceRequest a = parseAnnounce(announce(AWKWARD_ID, PEER,
                ",\"offers\":[{\"offer\":" + offer + ",\"offer_id\":" + js(offerId) + "}]"));

        Offer parsed = a.offers().get(0);
        assertThat(parsed.offerId()).isEqualTo(offerId);
        String relayed = text(CODEC.encode(new OfferMessage(a.infoHash(), a.peerId(), parsed.offerId(), parsed.offer())));
        assertThat(relayed).contains(",\"offer_id\":" + js(offerId) + ",");
    }

    @Test
    void B11_offerIdWithALoneSurrogateIsEchoedAsJsonStringifyWouldEscapeIt() throws Exception {
        AnswerRequest a = (AnswerRequest) parse(announce(AWKWARD_ID, PEER,
                ",\"to_peer_id\":" + jsId(OTHER_PEER) + ",\"answer\":{},\"offer_id\":\"a\\ud800b\""));
        assertThat(a.offerId()).isEqualTo("a\ud800b");
        assertThat(text(CODEC.encode(new AnswerMessage(a.infoHash(), a.peerId(), a.offerId(), a.answer()))))
                .contains("\"offer_id\":\"a\\ud800b\"");
    }

    @Test
    void B11_offerIdLengthIsBoundedAndMustBeANonEmptyString() throws Exception {
        String ok = "o".repeat(64);
        assertThat(parseAnnounce(announce(AWKWARD_ID, PEER, ",\"offers\":[{\"offer\":{},\"offer_id\":\"" + ok + "\"}]"))
                .offers()).hasSize(1);
        for (String bad : List.of("\"" + ok + "o\"", "\"\"", "7", "null", "[\"a\"]", "{}")) {
            ProtocolException e = failure(announce(AWKWARD_ID, PEER, ",\"offers\":[{\"offer\":{},\"offer_id\":" + bad + "}]"));
            assertThat(e.reason()).as(bad).isEqualTo("invalid offer_id");
            assertThat(e.action()).isEqualTo("announce");
            assertThat(e.infoHash()).isEqualTo(new InfoHash(AWKWARD_ID));
        }
    }

    @Test
    void B11_offerIdLengthCountsCharactersNotBytes() throws Exception {
        TrackerCodec codec = new TrackerCodec(new CodecLimits(20, 4, 255, 32));
        byte[] fourLatin1 = utf8(announce(AWKWARD_ID, PEER, ",\"offers\":[{\"offer\":{},\"offer_id\":\"\u00e9\u00e9\u00e9\u00e9\"}]"));
        assertThat(((AnnounceRequest) codec.parse(fourLatin1)).offers().get(0).offerId()).isEqualTo("\u00e9\u00e9\u00e9\u00e9");
    }

    @Test
    void B12_hexInfoHashIsRejectedAsInvalidLength() {
        String hex = "\"c362534ac3de128d94bbeeb3db6508b2985ee394\"";
        assertThat(failure(announce(AWKWARD_ID, PEER, "").replace(OK_HASH, hex)).reason()).isEqualTo("invalid info_hash");
        ProtocolException scrape = failure("{\"action\":\"scrape\",\"info_hash\":" + hex + "}");
        assertThat(scrape.reason()).isEqualTo("invalid info_hash");
        assertThat(scrape.action()).isEqualTo("scrape");
    }

    @Test
    void idsDecodeToTheirBytesAndBack() throws Exception {
        for (int seed = 0; seed < 50; seed++) {
            byte[] ih = id(seed);
            AnnounceRequest a = parseAnnounce(announce(ih, PEER, ""));
            assertThat(a.infoHash().toBytes()).isEqualTo(ih);
        }
    }
}
