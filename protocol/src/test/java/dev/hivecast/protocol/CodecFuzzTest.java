package dev.hivecast.protocol;

import static dev.hivecast.protocol.TestFrames.js;
import static dev.hivecast.protocol.TestFrames.jsId;
import static dev.hivecast.protocol.TestFrames.text;
import static dev.hivecast.protocol.TestFrames.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.List;

/**
 * Coverage-guided fuzzing of the wire codec (docs/protocol.md#i65), Jazzer on raw frame bytes. Seeds:
 * every distinct client frame of the golden fixtures, in {@code CodecFuzzTestInputs/}. In
 * {@code mvn verify} it fuzzes for {@code fuzz.seconds}; without {@code JAZZER_FUZZ} it replays the
 * seeds and any saved finding (docs/testing.md#fuzzing).
 *
 * <p>Checked on every input, with the default limits and with limits so tight that the limit paths
 * are reached too: {@link TrackerCodec#parse} gives a message or a {@link ProtocolException} (any
 * other throwable is a finding), the same outcome wherever the frame sits in its buffer; a failure
 * encodes to the reply BT would send; an accepted message keeps its limits and slices, reads back
 * as itself once written canonically, and its relayed forms are written byte for byte as the
 * round-trip properties expect ({@link CodecPropertiesTest}).
 */
class CodecFuzzTest {

    private static final TrackerCodec DEFAULT = new TrackerCodec();
    /** One offer kept, 8-character offer ids, 3 scrape hashes, the least nesting a real announce needs. */
    private static final TrackerCodec TIGHT = new TrackerCodec(new CodecLimits(1, 8, 3, 4));
    private static final int MARGIN = 3;

    @FuzzTest(maxDuration = "15s")
    void I65_anyFrameGivesAMessageThatRoundTripsOrAProtocolError(byte[] frame) throws Exception {
        check(DEFAULT, frame);
        check(TIGHT, frame);
    }

    private static void check(TrackerCodec codec, byte[] frame) throws Exception {
        Object outcome = outcome(codec, frame, 0, frame.length);
        // The same bytes in the middle of a larger buffer (as a pooled network buffer) parse the same.
        byte[] padded = new byte[frame.length + 2 * MARGIN];
        padded[0] = '{';
        padded[padded.length - 1] = '"';
        System.arraycopy(frame, 0, padded, MARGIN, frame.length);
        Object inBuffer = outcome(codec, padded, MARGIN, frame.length);
        if (outcome instanceof ProtocolException e) {
            ProtocolException again = (ProtocolException) inBuffer;
            assertThat(List.of(String.valueOf(again.action()), again.reason(), String.valueOf(again.infoHash())))
                    .isEqualTo(List.of(String.valueOf(e.action()), e.reason(), String.valueOf(e.infoHash())));
            checkFailure(codec, e);
        } else {
            InMessage m = (InMessage) outcome;
            assertThat(inBuffer).isEqualTo(m);
            checkAccepted(codec, m, frame);
        }
    }

    /** The parse result, or the ProtocolException; anything else thrown escapes and is a finding. */
    private static Object outcome(TrackerCodec codec, byte[] buffer, int offset, int length) {
        try {
            return codec.parse(buffer, offset, length);
        } catch (ProtocolException e) {
            return e;
        }
    }

    private static void checkFailure(TrackerCodec codec, ProtocolException e) {
        assertThat(e.reason()).isNotBlank();
        assertThat(e.action()).isIn(null, "announce", "scrape");
        if (e.action() == null) {
            assertThat(e.infoHash()).isNull();
        }
        String expected = (e.action() == null ? "{" : "{\"action\":" + js(e.action()) + ",")
                + "\"failure reason\":" + js(e.reason())
                + (e.infoHash() == null ? "" : ",\"info_hash\":" + jsId(e.infoHash().toBytes())) + "}";
        assertThat(text(codec.encode(e.toResponse()))).isEqualTo(expected);
    }

    private static void checkAccepted(TrackerCodec codec, InMessage m, byte[] frame) throws ProtocolException {
        CodecLimits limits = codec.limits();
        if (m instanceof AnnounceRequest a) {
            assertThat(a.offers()).hasSizeLessThanOrEqualTo(limits.maxOffers());
            assertThat(a.numwant()).isGreaterThanOrEqualTo(AnnounceRequest.NUMWANT_ABSENT);
            for (Offer o : a.offers()) {
                assertThat(o.offerId().length()).isBetween(1, limits.maxOfferIdLength());
                assertIsObjectSlice(o.offer(), frame);
                assertThat(text(codec.encode(new OfferMessage(a.infoHash(), a.peerId(), o.offerId(), o.offer()))))
                        .isEqualTo(relayed("offer", o.offer(), o.offerId(), a.peerId(), a.infoHash()));
            }
        } else if (m instanceof AnswerRequest a) {
            assertThat(a.offerId().length()).isBetween(1, limits.maxOfferIdLength());
            assertIsObjectSlice(a.answer(), frame);
            assertThat(text(codec.encode(new AnswerMessage(a.infoHash(), a.peerId(), a.offerId(), a.answer()))))
                    .isEqualTo(relayed("answer", a.answer(), a.offerId(), a.peerId(), a.infoHash()));
        } else {
            ScrapeRequest s = (ScrapeRequest) m;
            assertThat(s.infoHashes()).hasSizeLessThanOrEqualTo(limits.maxScrapeHashes()).doesNotHaveDuplicates();
            if (s.isFull()) {
                assertThat(s.infoHashes()).isEmpty();
            }
        }
        assertThat(codec.parse(utf8(canonical(m)))).isEqualTo(m);
    }

    private static String relayed(String kind, JsonSlice body, String offerId, PeerId peer, InfoHash infoHash) {
        return "{\"action\":\"announce\",\"" + kind + "\":" + text(body) + ",\"offer_id\":" + js(offerId)
                + ",\"peer_id\":" + jsId(peer.toBytes()) + ",\"info_hash\":" + jsId(infoHash.toBytes()) + "}";
    }

    /** The request as a client following docs/protocol.md#client-messages would write it, built without the codec. */
    private static String canonical(InMessage m) {
        List<String> members = new ArrayList<>();
        if (m instanceof ScrapeRequest s) {
            members.add("\"action\":\"scrape\"");
            if (!s.isFull()) {
                members.add("\"info_hash\":[" + String.join(",", s.infoHashes().stream()
                        .map(h -> jsId(h.toBytes())).toList()) + "]");
            }
            return "{" + String.join(",", members) + "}";
        }
        members.add("\"action\":\"announce\"");
        if (m instanceof AnswerRequest a) {
            members.add("\"info_hash\":" + jsId(a.infoHash().toBytes()));
            members.add("\"peer_id\":" + jsId(a.peerId().toBytes()));
            members.add("\"to_peer_id\":" + jsId(a.toPeerId().toBytes()));
            members.add("\"answer\":" + text(a.answer()));
            members.add("\"offer_id\":" + js(a.offerId()));
            return "{" + String.join(",", members) + "}";
        }
        AnnounceRequest a = (AnnounceRequest) m;
        members.add("\"info_hash\":" + jsId(a.infoHash().toBytes()));
        members.add("\"peer_id\":" + jsId(a.peerId().toBytes()));
        if (a.event() != Event.UPDATE) {
            members.add("\"event\":" + js(a.event().name().toLowerCase(java.util.Locale.ROOT)));
        }
        members.add("\"left\":" + (a.complete() ? "0" : "1"));
        if (a.numwant() != AnnounceRequest.NUMWANT_ABSENT) {
            members.add("\"numwant\":" + a.numwant());
        }
        if (a.uploaded() != AnnounceRequest.NOT_REPORTED) {
            members.add("\"uploaded\":" + a.uploaded());
        }
        if (a.downloaded() != AnnounceRequest.NOT_REPORTED) {
            members.add("\"downloaded\":" + a.downloaded());
        }
        members.add("\"offers\":[" + String.join(",", a.offers().stream()
                .map(o -> "{\"offer\":" + text(o.offer()) + ",\"offer_id\":" + js(o.offerId()) + "}").toList()) + "]");
        return "{" + String.join(",", members) + "}";
    }

    private static void assertIsObjectSlice(JsonSlice slice, byte[] frame) {
        assertThat(slice.bytes()).isSameAs(frame);
        assertThat(slice.length()).isGreaterThanOrEqualTo(2);
        assertThat(slice.bytes()[slice.offset()]).isEqualTo((byte) '{');
        assertThat(slice.bytes()[slice.offset() + slice.length() - 1]).isEqualTo((byte) '}');
    }
}
