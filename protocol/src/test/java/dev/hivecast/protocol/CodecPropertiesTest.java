package dev.hivecast.protocol;

import static dev.hivecast.protocol.TestFrames.CODEC;
import static dev.hivecast.protocol.TestFrames.js;
import static dev.hivecast.protocol.TestFrames.text;
import static dev.hivecast.protocol.TestFrames.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Round trips and robustness over generated ids, strings, requests and garbage (checks B7, B9,
 * D27 and I65 of docs/protocol.md), each property over thousands of seeded cases: see
 * {@link SeededCases} for how a failure is reported and reproduced. {@link CodecFuzzTest} fuzzes
 * the same contract under Jazzer's coverage guidance.
 */
class CodecPropertiesTest {

    /** Bytes a JSON writer or a binary-string reader must treat with care. */
    private static final byte[] AWKWARD_BYTES = {0x00, 0x01, 0x08, 0x0A, 0x1F, 0x20, '"', '\\', '/', 0x7F,
        (byte) 0x80, (byte) 0xA0, (byte) 0xC3, (byte) 0xFF};
    /** Characters that stress the string writer: escapes, DEL, the surrogate halves, pairs and alone. */
    private static final char[] AWKWARD_CHARS = {'\ud83d', '\ude00', '\udbff', '\udfff', '\ud800', '\udc00',
        '\u0000', '\u001f', '\u007f', '\u0080', '\u07ff', '\u0800', '\u2028', '\uffff', '"', '\\', '\n', '/'};
    private static final String JSONISH = "{}[]\":,0123456789.eE-+ \\utrflnasc_";

    private record IdCase(byte[] id, long spellingSeed) {
        @Override
        public String toString() {
            return "id " + SeededCases.hex(id) + ", spellings from seed " + spellingSeed + "L";
        }
    }

    @Test
    void B7_B9_anyIdRoundTripsThroughEncodeAndParseInEverySpelling() {
        SeededCases.of("B7_B9 id round trip", 1000, r -> new IdCase(id(r), r.nextLong()))
                .edgeCases(List.of(new IdCase(new byte[Id20.LENGTH], 0), new IdCase(filled((byte) 0xFF), 1),
                        new IdCase(filled((byte) 0x7F), 2), new IdCase(filled((byte) 0x80), 3),
                        new IdCase(filled((byte) '"'), 4), new IdCase(filled((byte) '\\'), 5),
                        new IdCase(TestFrames.AWKWARD_ID, 6)))
                .shrinkingWith(c -> SeededCases.withAByteZeroed(c.id()).stream()
                        .map(id -> new IdCase(id, c.spellingSeed())).toList())
                .check(c -> idRoundTrips(c.id(), c.spellingSeed()));
    }

    private static void idRoundTrips(byte[] id, long spellingSeed) throws ProtocolException {
        InfoHash ih = new InfoHash(id);
        String reply = text(CODEC.encode(new AnnounceResponse(ih, 0, 0, 120)));
        String ourSpelling = reply.substring(reply.indexOf("\"info_hash\":") + 12, reply.length() - 1);
        assertThat(ourSpelling).isEqualTo(js(ih.toBinaryString()));

        FrameGenerator g = new FrameGenerator(new Random(spellingSeed));
        for (String spelling : List.of(ourSpelling, g.spell(id), g.spell(id), TestFrames.escapedId(id, true))) {
            ScrapeRequest s = (ScrapeRequest) CODEC.parse(utf8("{\"action\":\"scrape\",\"info_hash\":" + spelling + "}"));
            assertThat(s.infoHashes()).containsExactly(ih);
            assertThat(s.infoHashes().get(0).toBytes()).isEqualTo(id);
        }
    }

    @Test
    void B9_anyStringIsWrittenAsJsonStringifyWritesItAndSizedExactly() {
        List<String> edgeCases = new ArrayList<>(List.of("", "\ud83d\ude00", "\ude00\ud83d", "a\ud83d", "\ude00a",
                "\udbff\udfff\udbff", "\\\"\n\u0000"));
        for (char c : AWKWARD_CHARS) {
            edgeCases.add(Character.toString(c));
        }
        SeededCases.of("B9 string writer", 4000, CodecPropertiesTest::anyString)
                .edgeCases(edgeCases)
                .shrinkingWith(SeededCases::withoutRuns)
                .shownAs(SeededCases::escaped)
                .check(s -> {
                    byte[] written = new JsonByteWriter(0).string(s).toByteArray();
                    assertThat(written).isEqualTo(utf8(js(s)));
                    assertThat(JsonByteWriter.stringLength(s)).isEqualTo(written.length);
                    assertThat(new JsonByteWriter(JsonByteWriter.stringLength(s)).string(s).toByteArray())
                            .isEqualTo(written);
                });
    }

    @Test
    void B9_D27_E33_validRequestsParseToTheirDataAndSlicesReencodeByteIdentically() {
        SeededCases.Tally<String> kinds = SeededCases.of("B9_D27_E33 valid requests", 2000,
                        r -> new FrameGenerator(r).anyRequest())
                .shownAs(request -> SeededCases.escaped(request.frame()))
                .tally(CodecPropertiesTest::parsesToItsDataAndReencodes);

        // The generator must reach every kind of request often enough to mean something.
        assertThat(kinds.percent("AnnounceRequest with offers")).as("%s", kinds).isGreaterThan(10);
        assertThat(kinds.percent("AnswerRequest")).as("%s", kinds).isGreaterThan(10);
        assertThat(kinds.percent("ScrapeRequest")).as("%s", kinds).isGreaterThan(10);
    }

    private static String parsesToItsDataAndReencodes(FrameGenerator.Request request) throws Exception {
        byte[] frame = utf8(request.frame());
        InMessage parsed = CODEC.parse(frame);
        if (request.expected() instanceof ScrapeRequest expected) {
            assertThat(parsed).isEqualTo(expected);
        } else if (request.expected() instanceof AnswerRequest expected) {
            AnswerRequest a = (AnswerRequest) parsed;
            assertThat(List.of(a.infoHash(), a.peerId(), a.toPeerId(), a.offerId()))
                    .isEqualTo(List.of(expected.infoHash(), expected.peerId(), expected.toPeerId(), expected.offerId()));
            assertThat(text(a.answer())).isEqualTo(request.answerText());
            assertThat(text(CODEC.encode(new AnswerMessage(a.infoHash(), a.peerId(), a.offerId(), a.answer()))))
                    .isEqualTo("{\"action\":\"announce\",\"answer\":" + request.answerText() + ",\"offer_id\":"
                            + js(expected.offerId()) + ",\"peer_id\":" + js(a.peerId().toBinaryString())
                            + ",\"info_hash\":" + js(a.infoHash().toBinaryString()) + "}");
        } else {
            AnnounceRequest expected = (AnnounceRequest) request.expected();
            AnnounceRequest a = (AnnounceRequest) parsed;
            assertThat(List.of(a.infoHash(), a.peerId(), a.event(), a.complete(), a.numwant())).isEqualTo(List.of(
                    expected.infoHash(), expected.peerId(), expected.event(), expected.complete(), expected.numwant()));
            assertThat(a.offers()).extracting(Offer::offerId)
                    .containsExactlyElementsOf(expected.offers().stream().map(Offer::offerId).toList());
            assertThat(a.offers()).extracting(o -> text(o.offer())).containsExactlyElementsOf(request.offerTexts());
            for (Offer o : a.offers()) {
                assertThat(CODEC.encode(new OfferMessage(a.infoHash(), a.peerId(), o.offerId(), o.offer())))
                        .isEqualTo(utf8("{\"action\":\"announce\",\"offer\":" + text(o.offer()) + ",\"offer_id\":"
                                + js(o.offerId()) + ",\"peer_id\":" + js(a.peerId().toBinaryString())
                                + ",\"info_hash\":" + js(a.infoHash().toBinaryString()) + "}"));
            }
        }
        return parsed instanceof AnnounceRequest a && !a.offers().isEmpty() ? "AnnounceRequest with offers"
                : parsed.getClass().getSimpleName();
    }

    @Test
    void I65_arbitraryBytesGiveAMessageOrAProtocolExceptionNeverAnythingElse() {
        SeededCases.of("I65 arbitrary bytes", 4000, CodecPropertiesTest::garbage)
                .edgeCases(List.of(new byte[0], utf8("{}"), utf8("[]"), utf8("\""), utf8("{\"action\":"), new byte[1],
                        new byte[] {(byte) 0xFF}, new byte[] {(byte) 0xC3}, utf8("{\"action\":\"announce\"}")))
                .shrinkingWith(SeededCases::withoutRuns)
                .shownAs(SeededCases::frame)
                .check(CodecPropertiesTest::parseSafely);
    }

    @Test
    void I65_mutatedValidFramesGiveAMessageOrAProtocolExceptionNeverAnythingElse() {
        SeededCases.Tally<String> outcomes = SeededCases.of("I65 mutated frames", 6000,
                        r -> new FrameMutator(r).mutate(utf8(new FrameGenerator(r).anyRequest().frame())))
                .shrinkingWith(SeededCases::withoutRuns)
                .shownAs(SeededCases::frame)
                .tally(CodecPropertiesTest::parseSafely);

        // The mutations must leave enough valid frames, and reach the validation failures too.
        assertThat(outcomes.percent("message")).as("%s", outcomes).isGreaterThan(5);
        assertThat(outcomes.percent("failure with action")).as("%s", outcomes).isGreaterThan(5);
        assertThat(outcomes.percent("parse-level failure")).as("%s", outcomes).isGreaterThan(5);
    }

    /** 20 bytes, each uniform or, one time in four, one of the awkward ones. */
    private static byte[] id(Random r) {
        byte[] id = new byte[Id20.LENGTH];
        r.nextBytes(id);
        for (int i = 0; i < id.length; i++) {
            if (r.nextInt(4) == 0) {
                id[i] = AWKWARD_BYTES[r.nextInt(AWKWARD_BYTES.length)];
            }
        }
        return id;
    }

    private static byte[] filled(byte b) {
        byte[] id = new byte[Id20.LENGTH];
        Arrays.fill(id, b);
        return id;
    }

    /**
     * Up to 40 characters from all of UTF-16, with surrogate halves and the awkward characters
     * frequent enough to meet each other paired and alone.
     */
    private static String anyString(Random r) {
        StringBuilder sb = new StringBuilder();
        for (int n = r.nextInt(41); n > 0; n--) {
            sb.append(switch (r.nextInt(3)) {
                case 0 -> AWKWARD_CHARS[r.nextInt(AWKWARD_CHARS.length)];
                case 1 -> (char) (Character.MIN_SURROGATE + r.nextInt(Character.MAX_SURROGATE - Character.MIN_SURROGATE + 1));
                default -> (char) r.nextInt(Character.MAX_VALUE + 1);
            });
        }
        return sb.toString();
    }

    /** Up to 300 random bytes, or up to 200 characters of JSON's alphabet and Latin-1 as UTF-8. */
    private static byte[] garbage(Random r) {
        if (r.nextBoolean()) {
            byte[] b = new byte[r.nextInt(301)];
            r.nextBytes(b);
            return b;
        }
        StringBuilder sb = new StringBuilder();
        for (int n = r.nextInt(201); n > 0; n--) {
            sb.append(r.nextBoolean() ? JSONISH.charAt(r.nextInt(JSONISH.length())) : (char) r.nextInt(0x100));
        }
        return utf8(sb.toString());
    }

    /** The codec's whole contract on garbage: a message whose slices are objects, or a ProtocolException. */
    private static String parseSafely(byte[] frame) {
        InMessage m;
        try {
            m = CODEC.parse(frame, 0, frame.length);
        } catch (ProtocolException e) {
            assertThat(e.reason()).isNotBlank();
            assertThat(e.action()).isIn(null, "announce", "scrape");
            return e.action() == null ? "parse-level failure" : "failure with action";
        }
        if (m instanceof AnnounceRequest a) {
            assertThat(a.offers()).hasSizeLessThanOrEqualTo(CodecLimits.DEFAULT_MAX_OFFERS);
            a.offers().forEach(o -> assertIsObjectSlice(o.offer(), frame));
        } else if (m instanceof AnswerRequest a) {
            assertIsObjectSlice(a.answer(), frame);
        } else {
            assertThat(((ScrapeRequest) m).infoHashes()).hasSizeLessThanOrEqualTo(CodecLimits.DEFAULT_MAX_SCRAPE_HASHES);
        }
        return "message";
    }

    private static void assertIsObjectSlice(JsonSlice slice, byte[] frame) {
        assertThat(slice.bytes()).isSameAs(frame);
        assertThat(slice.bytes()[slice.offset()]).isEqualTo((byte) '{');
        assertThat(slice.bytes()[slice.offset() + slice.length() - 1]).isEqualTo((byte) '}');
    }
}
