package dev.hivecast.protocol;

import static dev.hivecast.protocol.TestFrames.AWKWARD_ID;
import static dev.hivecast.protocol.TestFrames.CODEC;
import static dev.hivecast.protocol.TestFrames.PEER;
import static dev.hivecast.protocol.TestFrames.announce;
import static dev.hivecast.protocol.TestFrames.failure;
import static dev.hivecast.protocol.TestFrames.js;
import static dev.hivecast.protocol.TestFrames.jsId;
import static dev.hivecast.protocol.TestFrames.parseAnnounce;
import static dev.hivecast.protocol.TestFrames.text;
import static dev.hivecast.protocol.TestFrames.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Checklist D: the offers of an announce, kept as slices of the frame. */
class OfferParsingTest {

    private static final String SDP = "v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\n"
            + "a=candidate:1 1 udp 2122260223 127.0.0.1 54400 typ host \"quoted\" back\\slash \u00e9\u20ac\ud83d\ude00\r\n";

    private static String offerObject(String sdp) {
        return "{\"type\":\"offer\",\"sdp\":" + js(sdp) + "}";
    }

    private static String offers(String... items) {
        return ",\"offers\":[" + String.join(",", items) + "]";
    }

    private static String item(String offer, String offerId) {
        return "{\"offer\":" + offer + ",\"offer_id\":" + js(offerId) + "}";
    }

    @Test
    void D27_offerIsASliceOfTheFrameExactlyAsSent() throws Exception {
        String offer = "{ \"type\" : \"offer\",\n \"sdp\":" + js(SDP) + ", \"extra\":[1,{\"x\":null}] }";
        AnnounceRequest a = parseAnnounce(announce(AWKWARD_ID, PEER, offers(item(offer, "id-1"))));

        Offer parsed = a.offers().get(0);
        assertThat(text(parsed.offer())).isEqualTo(offer);
        assertThat(parsed.offerId()).isEqualTo("id-1");
    }

    @Test
    void D27_sliceIsExactWhenTheFrameStartsAtANonZeroOffset() throws Exception {
        String offer = offerObject(SDP);
        byte[] frame = utf8(announce(AWKWARD_ID, PEER, offers(item(offer, "a"), item("{}", "b"))));
        byte[] padded = new byte[frame.length + 300];
        byte[] garbage = utf8("\u00e9{\"}[]\u20ac".repeat(10)); // multi-byte characters and braces before the frame
        System.arraycopy(garbage, 0, padded, 0, garbage.length);
        int offset = 137;
        System.arraycopy(frame, 0, padded, offset, frame.length);
        for (int i = offset + frame.length; i < padded.length; i++) {
            padded[i] = '}';
        }

        AnnounceRequest a = (AnnounceRequest) CODEC.parse(padded, offset, frame.length);

        assertThat(a.offers()).extracting(o -> text(o.offer())).containsExactly(offer, "{}");
        assertThat(a.offers().get(0).offer().bytes()).isSameAs(padded);
        byte[] relayed = CODEC.encode(new OfferMessage(a.infoHash(), a.peerId(), "a", a.offers().get(0).offer()));
        assertThat(text(relayed)).isEqualTo("{\"action\":\"announce\",\"offer\":" + offer + ",\"offer_id\":\"a\","
                + "\"peer_id\":" + jsId(PEER) + ",\"info_hash\":" + jsId(AWKWARD_ID) + "}");
    }

    @Test
    void D26_offersBeyondTheCapAreDroppedInOrder() throws Exception {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            items.add(item(offerObject("sdp " + i), "id" + i));
        }
        AnnounceRequest a = parseAnnounce(announce(AWKWARD_ID, PEER, offers(items.toArray(String[]::new))));
        assertThat(a.offers()).hasSize(20);
        assertThat(a.offers()).extracting(Offer::offerId).startsWith("id0", "id1").endsWith("id19");
    }

    @Test
    void D30_aBadOfferBeyondTheCapStillFailsTheAnnounce() {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            items.add(item(offerObject("sdp"), "id" + i));
        }
        items.add("null");
        assertThat(failure(announce(AWKWARD_ID, PEER, offers(items.toArray(String[]::new)))).reason())
                .isEqualTo("invalid offers");
    }

    @Test
    void D30_offersNullOrAbsentMeansNone() throws Exception {
        assertThat(parseAnnounce(announce(AWKWARD_ID, PEER, ",\"offers\":null")).offers()).isEmpty();
        assertThat(parseAnnounce(announce(AWKWARD_ID, PEER, "")).offers()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        ",\"offers\":{}", ",\"offers\":\"[]\"", ",\"offers\":5", ",\"offers\":true",
        ",\"offers\":[null]", ",\"offers\":[1]", ",\"offers\":[[]]", ",\"offers\":[\"x\"]",
        ",\"offers\":[{\"offer_id\":\"a\"}]", ",\"offers\":[{\"offer\":null,\"offer_id\":\"a\"}]",
        ",\"offers\":[{\"offer\":\"v=0\",\"offer_id\":\"a\"}]", ",\"offers\":[{\"offer\":[{}],\"offer_id\":\"a\"}]",
        ",\"offers\":[{\"offer\":{},\"offer_id\":\"a\"},null]"})
    void D30_malformedOffersAreRejectedWithActionAndInfoHash(String offers) {
        ProtocolException e = failure(announce(AWKWARD_ID, PEER, offers));
        assertThat(e.reason()).isEqualTo("invalid offers");
        assertThat(e.action()).isEqualTo("announce");
        assertThat(e.infoHash()).isEqualTo(new InfoHash(AWKWARD_ID));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        ",\"offers\":[{\"offer\":{}}]", ",\"offers\":[{\"offer\":{},\"offer_id\":1}]",
        ",\"offers\":[{\"offer\":{},\"offer_id\":null}]", ",\"offers\":[{\"offer\":{},\"offer_id\":\"\"}]",
        ",\"offers\":[{\"offer\":{},\"offer_id\":{\"a\":\"b\"}}]"})
    void D30_offerIdMissingOrNotAStringIsRejected(String offers) {
        assertThat(failure(announce(AWKWARD_ID, PEER, offers)).reason()).isEqualTo("invalid offer_id");
    }

    @Test
    void D30_malformedOffersInAFrameWhoseActionComesLastStillCarryTheContext() {
        ProtocolException e = failure("{\"offers\":[null],\"peer_id\":" + jsId(PEER) + ",\"info_hash\":"
                + jsId(AWKWARD_ID) + ",\"action\":\"announce\"}");
        assertThat(e.toResponse()).isEqualTo(new ErrorResponse("announce", new InfoHash(AWKWARD_ID), "invalid offers"));
    }

    @Test
    void offerItemsMayCarryExtraFieldsAndAnyKeyOrder() throws Exception {
        AnnounceRequest a = parseAnnounce(announce(AWKWARD_ID, PEER,
                ",\"offers\":[{\"offer_id\":\"z\",\"x\":[1,{\"offer\":1}],\"offer\":{\"sdp\":\"s\"}}]"));
        assertThat(a.offers()).singleElement().satisfies(o -> {
            assertThat(o.offerId()).isEqualTo("z");
            assertThat(text(o.offer())).isEqualTo("{\"sdp\":\"s\"}");
        });
    }

    @Test
    void D26_aZeroOfferCapKeepsNoneButValidatesAll() throws Exception {
        TrackerCodec codec = new TrackerCodec(new CodecLimits(0, 64, 255, 32));
        String ok = announce(AWKWARD_ID, PEER, offers(item("{}", "a")));
        assertThat(((AnnounceRequest) codec.parse(utf8(ok))).offers()).isEmpty();
        String bad = announce(AWKWARD_ID, PEER, offers(item("{}", "")));
        ProtocolException e = org.assertj.core.api.Assertions.catchThrowableOfType(ProtocolException.class,
                () -> codec.parse(utf8(bad)));
        assertThat(e.reason()).isEqualTo("invalid offer_id");
    }
}
