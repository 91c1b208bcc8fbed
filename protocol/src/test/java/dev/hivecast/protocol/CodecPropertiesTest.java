package dev.hivecast.protocol;

import static dev.hivecast.protocol.TestFrames.CODEC;
import static dev.hivecast.protocol.TestFrames.js;
import static dev.hivecast.protocol.TestFrames.text;
import static dev.hivecast.protocol.TestFrames.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/** Round trips and robustness over generated ids, requests and garbage (PROTOCOL §9 B7, B9, D27, I65). */
class CodecPropertiesTest {

    @Provide
    Arbitrary<byte[]> ids() {
        return Arbitraries.bytes().array(byte[].class).ofSize(Id20.LENGTH);
    }

    /** All of UTF-16, with surrogate halves frequent enough to meet each other paired and alone. */
    @Provide
    Arbitrary<String> anyStrings() {
        return Arbitraries.strings().all()
                .withChars('\ud83d', '\ude00', '\udbff', '\udfff', '\u0000', '\u007f', '"', '\\', '\n')
                .ofMaxLength(40);
    }

    @Provide
    Arbitrary<FrameGenerator.Request> requests() {
        return Arbitraries.randomValue(random -> new FrameGenerator(random).anyRequest());
    }

    @Property(tries = 500)
    void B7_B9_anyIdRoundTripsThroughEncodeAndParseInEverySpelling(@ForAll("ids") byte[] id, @ForAll long seed)
            throws Exception {
        InfoHash ih = new InfoHash(id);
        String reply = text(CODEC.encode(new AnnounceResponse(ih, 0, 0, 120)));
        String ourSpelling = reply.substring(reply.indexOf("\"info_hash\":") + 12, reply.length() - 1);
        assertThat(ourSpelling).isEqualTo(js(ih.toBinaryString()));

        FrameGenerator g = new FrameGenerator(new java.util.Random(seed));
        for (String spelling : List.of(ourSpelling, g.spell(id), g.spell(id), TestFrames.escapedId(id, true))) {
            ScrapeRequest s = (ScrapeRequest) CODEC.parse(utf8("{\"action\":\"scrape\",\"info_hash\":" + spelling + "}"));
            assertThat(s.infoHashes()).containsExactly(ih);
            assertThat(s.infoHashes().get(0).toBytes()).isEqualTo(id);
        }
    }

    @Property(tries = 2000)
    void B9_anyStringIsWrittenAsJsonStringifyWritesItAndSizedExactly(@ForAll("anyStrings") String s) {
        byte[] written = new JsonByteWriter(0).string(s).toByteArray();
        assertThat(written).isEqualTo(utf8(js(s)));
        assertThat(JsonByteWriter.stringLength(s)).isEqualTo(written.length);
        assertThat(new JsonByteWriter(JsonByteWriter.stringLength(s)).string(s).toByteArray()).isEqualTo(written);
    }

    @Property(tries = 1000)
    void B9_D27_E33_validRequestsParseToTheirDataAndSlicesReencodeByteIdentically(
            @ForAll("requests") FrameGenerator.Request request) throws Exception {
        byte[] frame = utf8(request.frame());
        InMessage parsed = CODEC.parse(frame);
        Statistics.collect(parsed.getClass().getSimpleName(),
                parsed instanceof AnnounceRequest a && !a.offers().isEmpty() ? "with offers" : "no offers");
        Statistics.coverage(c -> {
            c.check("AnnounceRequest", "with offers").percentage(p -> p > 10);
            c.check("AnswerRequest", "no offers").percentage(p -> p > 10);
            c.check("ScrapeRequest", "no offers").percentage(p -> p > 10);
        });

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
    }

    @Property(tries = 2000)
    void I65_arbitraryBytesGiveAMessageOrAProtocolExceptionNeverAnythingElse(
            @ForAll("garbage") byte[] frame) {
        parseSafely(frame);
    }

    @Property(tries = 3000)
    void I65_mutatedValidFramesGiveAMessageOrAProtocolExceptionNeverAnythingElse(
            @ForAll("mutatedFrames") byte[] frame) {
        String outcome = parseSafely(frame);
        Statistics.collect(outcome);
        // The mutations must leave enough valid frames, and reach the validation failures too.
        Statistics.coverage(c -> {
            c.check("message").percentage(p -> p > 5);
            c.check("failure with action").percentage(p -> p > 5);
            c.check("parse-level failure").percentage(p -> p > 5);
        });
    }

    @Provide
    Arbitrary<byte[]> garbage() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        Arbitrary<byte[]> jsonish = Arbitraries.strings().withChars("{}[]\":,0123456789.eE-+ \\utrflnasc_")
                .withCharRange('\u0000', '\u00ff').ofMaxLength(200).map(s -> s.getBytes(StandardCharsets.UTF_8));
        return Arbitraries.oneOf(random, jsonish);
    }

    @Provide
    Arbitrary<byte[]> mutatedFrames() {
        Arbitrary<FrameGenerator.Request> requests = requests();
        return Combinators.combine(requests, Arbitraries.longs()).as((request, seed) ->
                new FrameMutator(new java.util.Random(seed)).mutate(utf8(request.frame())));
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
