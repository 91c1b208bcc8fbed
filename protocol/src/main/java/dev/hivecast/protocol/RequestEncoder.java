package dev.hivecast.protocol;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes the client's messages with the keys, and in the order, real clients send them (the golden
 * fixtures, byte for byte): announces as the bittorrent-tracker client builds them ({@code numwant,
 * uploaded, downloaded, left, event} from its announce options, then {@code action, info_hash,
 * peer_id} and last {@code offers}), which webtorrent and P2P Media Loader bundle unchanged; answers
 * as {@code action, info_hash, peer_id, to_peer_id, answer, offer_id}; scrapes as {@code action,
 * info_hash}. Sized exactly first, like the replies, so a frame is written once into its array.
 */
final class RequestEncoder {

    private static final byte[] OPEN = ascii("{");
    private static final byte[] NUMWANT = ascii("\"numwant\":");
    private static final byte[] UPLOADED = ascii("\"uploaded\":");
    private static final byte[] DOWNLOADED = ascii(",\"downloaded\":");
    private static final byte[] LEFT = ascii(",\"left\":");
    private static final byte[] NULL = ascii("null");
    private static final byte[] EVENT = ascii(",\"event\":");
    private static final byte[] ANNOUNCE_AFTER_FIELDS = ascii(",\"action\":\"announce\",\"info_hash\":");
    private static final byte[] ANNOUNCE_FIRST = ascii("{\"action\":\"announce\",\"info_hash\":");
    private static final byte[] PEER_ID = ascii(",\"peer_id\":");
    private static final byte[] OFFERS = ascii(",\"offers\":[");
    private static final byte[] OFFER = ascii("{\"offer\":");
    private static final byte[] OFFER_ID = ascii(",\"offer_id\":");
    private static final byte[] TO_PEER_ID = ascii(",\"to_peer_id\":");
    private static final byte[] ANSWER = ascii(",\"answer\":");
    private static final byte[] SCRAPE = ascii("{\"action\":\"scrape\"");
    private static final byte[] INFO_HASH = ascii(",\"info_hash\":");
    private static final byte[] COMMA = ascii(",");
    private static final byte[] OPEN_ARRAY = ascii("[");
    private static final byte[] CLOSE_ARRAY = ascii("]");
    private static final byte[] CLOSE = ascii("}");
    private static final byte[] TYPE = ascii("{\"type\":");
    private static final byte[] SDP = ascii(",\"sdp\":");

    private RequestEncoder() {
    }

    static byte[] announce(ClientAnnounce m) {
        boolean numwant = m.numwant() != ClientAnnounce.NUMWANT_ABSENT;
        String event = eventName(m.event());
        List<Offer> offers = m.offers();
        int size = OPEN.length + UPLOADED.length + JsonByteWriter.numberLength(m.uploaded())
                + DOWNLOADED.length + JsonByteWriter.numberLength(m.downloaded())
                + ANNOUNCE_AFTER_FIELDS.length + JsonByteWriter.idLength(m.infoHash())
                + PEER_ID.length + JsonByteWriter.idLength(m.peerId()) + CLOSE.length;
        if (numwant) {
            size += NUMWANT.length + JsonByteWriter.numberLength(m.numwant()) + COMMA.length;
        }
        if (m.left() != ClientAnnounce.LEFT_ABSENT) {
            size += LEFT.length + (m.left() == ClientAnnounce.LEFT_NULL ? NULL.length : JsonByteWriter.numberLength(m.left()));
        }
        if (event != null) {
            size += EVENT.length + event.length() + 2;
        }
        if (offers != null) {
            size += OFFERS.length + CLOSE_ARRAY.length + Math.max(0, offers.size() - 1) * COMMA.length;
            for (Offer o : offers) {
                size += OFFER.length + o.offer().length() + OFFER_ID.length
                        + JsonByteWriter.stringLength(o.offerId()) + CLOSE.length;
            }
        }
        JsonByteWriter w = new JsonByteWriter(size).raw(OPEN);
        if (numwant) {
            w.raw(NUMWANT).number(m.numwant()).raw(COMMA);
        }
        w.raw(UPLOADED).number(m.uploaded()).raw(DOWNLOADED).number(m.downloaded());
        if (m.left() == ClientAnnounce.LEFT_NULL) {
            w.raw(LEFT).raw(NULL);
        } else if (m.left() != ClientAnnounce.LEFT_ABSENT) {
            w.raw(LEFT).number(m.left());
        }
        if (event != null) {
            w.raw(EVENT).string(event);
        }
        w.raw(ANNOUNCE_AFTER_FIELDS).id(m.infoHash()).raw(PEER_ID).id(m.peerId());
        if (offers != null) {
            w.raw(OFFERS);
            for (int i = 0; i < offers.size(); i++) {
                Offer o = offers.get(i);
                if (i > 0) {
                    w.raw(COMMA);
                }
                // offer before offer_id: the bittorrent-tracker client's object literal order.
                w.raw(OFFER).raw(o.offer()).raw(OFFER_ID).string(o.offerId()).raw(CLOSE);
            }
            w.raw(CLOSE_ARRAY);
        }
        return w.raw(CLOSE).toByteArray();
    }

    /** Every real client sends an answer with these six keys in this order, and nothing else. */
    static byte[] answer(AnswerRequest m) {
        int size = ANNOUNCE_FIRST.length + JsonByteWriter.idLength(m.infoHash())
                + PEER_ID.length + JsonByteWriter.idLength(m.peerId())
                + TO_PEER_ID.length + JsonByteWriter.idLength(m.toPeerId())
                + ANSWER.length + m.answer().length()
                + OFFER_ID.length + JsonByteWriter.stringLength(m.offerId()) + CLOSE.length;
        return new JsonByteWriter(size)
                .raw(ANNOUNCE_FIRST).id(m.infoHash())
                .raw(PEER_ID).id(m.peerId())
                .raw(TO_PEER_ID).id(m.toPeerId())
                .raw(ANSWER).raw(m.answer())
                .raw(OFFER_ID).string(m.offerId())
                .raw(CLOSE)
                .toByteArray();
    }

    /**
     * {@code info_hash} as one string ({@code client.scrape()} of its own torrent), as an array
     * ({@code Client.scrape} of several; {@code asArray} keeps a one-hash array an array), or
     * absent for a full scrape.
     */
    static byte[] scrape(List<InfoHash> infoHashes, boolean asArray) {
        JsonByteWriter w = new JsonByteWriter(64 + 60 * infoHashes.size()).raw(SCRAPE);
        asArray |= infoHashes.size() > 1;
        if (!infoHashes.isEmpty()) {
            w.raw(INFO_HASH);
            if (asArray) {
                w.raw(OPEN_ARRAY);
            }
            for (int i = 0; i < infoHashes.size(); i++) {
                if (i > 0) {
                    w.raw(COMMA);
                }
                w.id(infoHashes.get(i));
            }
            if (asArray) {
                w.raw(CLOSE_ARRAY);
            }
        }
        return w.raw(CLOSE).toByteArray();
    }

    /** {@code {"type":…,"sdp":…}}: the RTCSessionDescription fields, in the order clients send. */
    static JsonSlice sessionDescription(String type, String sdp) {
        byte[] bytes = new JsonByteWriter(TYPE.length + JsonByteWriter.stringLength(type) + SDP.length
                + JsonByteWriter.stringLength(sdp) + CLOSE.length)
                .raw(TYPE).string(type).raw(SDP).string(sdp).raw(CLOSE).toByteArray();
        return new JsonSlice(bytes, 0, bytes.length);
    }

    private static String eventName(Event event) {
        return switch (event) {
            case STARTED -> "started";
            case COMPLETED -> "completed";
            case STOPPED -> "stopped";
            case UPDATE -> null;
        };
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
