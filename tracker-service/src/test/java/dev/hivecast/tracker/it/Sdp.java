package dev.hivecast.tracker.it;

import dev.hivecast.protocol.ClientCodec;
import dev.hivecast.protocol.JsonSlice;
import dev.hivecast.protocol.Offer;
import java.util.ArrayList;
import java.util.List;

/** SDP-like texts and the offers and answers that carry them, for the requests tests send. */
public final class Sdp {

    /** P2P Media Loader's offer SDPs are 666-668 characters in the golden fixtures. */
    private static final int OFFER_LENGTH = 668;
    private static final int ANSWER_LENGTH = 200;

    private Sdp() {
    }

    /** An SDP-like text of exactly {@code length} characters, CRLF line ends included. */
    public static String sdp(int length) {
        StringBuilder sb = new StringBuilder("v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\n");
        while (sb.length() < length) {
            sb.append("a=candidate:1 1 udp 2122260223 127.0.0.1 54321 typ host\r\n");
        }
        sb.setLength(length);
        return sb.toString();
    }

    /** {@code count} offers with fresh offer_ids. */
    public static List<Offer> offers(int count) {
        return offers(count, OFFER_LENGTH);
    }

    public static List<Offer> offers(int count, int sdpLength) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(Ids.offerId());
        }
        return offers(ids, sdpLength);
    }

    /** One offer per offer_id. */
    public static List<Offer> offers(List<String> offerIds) {
        return offers(offerIds, OFFER_LENGTH);
    }

    public static List<Offer> offers(List<String> offerIds, int sdpLength) {
        String sdp = sdp(sdpLength);
        return offerIds.stream().map(id -> Offer.of(id, sdp)).toList();
    }

    /** The {@code {"type":"answer","sdp":…}} object of an answer. */
    public static JsonSlice answer() {
        return ClientCodec.sessionDescription("answer", sdp(ANSWER_LENGTH));
    }
}
