package dev.hivecast.protocol;

import java.nio.charset.StandardCharsets;

/**
 * Writes each {@link OutMessage} with the field order of the reference tracker (BT
 * {@code server.js}, checked byte for byte against its replies in the fixtures). Clients do not
 * care about the order, but byte-identical output lets the golden tests prove the echo is exact.
 * Every message is sized exactly first, so it is written once into its final array.
 */
final class MessageEncoder {

    private static final byte[] ANNOUNCE_COMPLETE = ascii("{\"complete\":");
    private static final byte[] ANNOUNCE_INCOMPLETE = ascii(",\"incomplete\":");
    private static final byte[] ANNOUNCE_INTERVAL = ascii(",\"action\":\"announce\",\"interval\":");
    private static final byte[] INFO_HASH = ascii(",\"info_hash\":");
    private static final byte[] OFFER = ascii("{\"action\":\"announce\",\"offer\":");
    private static final byte[] ANSWER = ascii("{\"action\":\"announce\",\"answer\":");
    private static final byte[] OFFER_ID = ascii(",\"offer_id\":");
    private static final byte[] PEER_ID = ascii(",\"peer_id\":");
    private static final byte[] SCRAPE_FILES = ascii("{\"action\":\"scrape\",\"files\":{");
    private static final byte[] ENTRY_COMPLETE = ascii(":{\"complete\":");
    private static final byte[] ENTRY_DOWNLOADED = ascii(",\"downloaded\":");
    private static final byte[] SCRAPE_FLAGS = ascii("},\"flags\":{\"min_request_interval\":");
    private static final byte[] ERROR_ACTION = ascii("{\"action\":");
    private static final byte[] ERROR_REASON_AFTER_ACTION = ascii(",\"failure reason\":");
    private static final byte[] ERROR_REASON_FIRST = ascii("{\"failure reason\":");
    private static final byte[] COMMA = ascii(",");
    private static final byte[] CLOSE = ascii("}");
    private static final byte[] CLOSE_TWO = ascii("}}");

    private MessageEncoder() {
    }

    static byte[] encode(OutMessage message) {
        if (message instanceof OfferMessage m) {
            return relay(m).toByteArray();
        }
        if (message instanceof AnswerMessage m) {
            return relay(m).toByteArray();
        }
        if (message instanceof AnnounceResponse m) {
            return announce(m);
        }
        if (message instanceof ScrapeResponse m) {
            return scrape(m);
        }
        if (message instanceof ErrorResponse m) {
            return error(m);
        }
        throw new IllegalArgumentException("not an encodable message: " + message);
    }

    static RelayParts relay(OfferMessage m) {
        return new RelayParts(OFFER, m.offer(), relayTail(m.offerId(), m.peerId(), m.infoHash()));
    }

    static RelayParts relay(AnswerMessage m) {
        return new RelayParts(ANSWER, m.answer(), relayTail(m.offerId(), m.peerId(), m.infoHash()));
    }

    /**
     * What follows the offer or answer object in {@code {"action":"announce","offer"|"answer":…,
     * "offer_id":…,"peer_id":…,"info_hash":…}}.
     */
    private static byte[] relayTail(String offerId, PeerId peerId, InfoHash infoHash) {
        int size = OFFER_ID.length + JsonByteWriter.stringLength(offerId)
                + PEER_ID.length + JsonByteWriter.idLength(peerId)
                + INFO_HASH.length + JsonByteWriter.idLength(infoHash) + CLOSE.length;
        return new JsonByteWriter(size)
                .raw(OFFER_ID).string(offerId)
                .raw(PEER_ID).id(peerId)
                .raw(INFO_HASH).id(infoHash)
                .raw(CLOSE)
                .toByteArray();
    }

    /** {@code {"complete":C,"incomplete":I,"action":"announce","interval":N,"info_hash":…}}. */
    private static byte[] announce(AnnounceResponse m) {
        int size = ANNOUNCE_COMPLETE.length + JsonByteWriter.numberLength(m.complete())
                + ANNOUNCE_INCOMPLETE.length + JsonByteWriter.numberLength(m.incomplete())
                + ANNOUNCE_INTERVAL.length + JsonByteWriter.numberLength(m.interval())
                + INFO_HASH.length + JsonByteWriter.idLength(m.infoHash()) + CLOSE.length;
        return new JsonByteWriter(size)
                .raw(ANNOUNCE_COMPLETE).number(m.complete())
                .raw(ANNOUNCE_INCOMPLETE).number(m.incomplete())
                .raw(ANNOUNCE_INTERVAL).number(m.interval())
                .raw(INFO_HASH).id(m.infoHash())
                .raw(CLOSE)
                .toByteArray();
    }

    /**
     * {@code {"action":"scrape","files":{<ih>:{"complete":C,"incomplete":I,"downloaded":D},…},
     * "flags":{"min_request_interval":N}}}; the keys of {@code files} are binary info_hashes.
     */
    private static byte[] scrape(ScrapeResponse m) {
        int size = SCRAPE_FILES.length + SCRAPE_FLAGS.length
                + JsonByteWriter.numberLength(m.minRequestInterval()) + CLOSE_TWO.length;
        for (ScrapeResponse.Entry e : m.files()) {
            size += JsonByteWriter.idLength(e.infoHash()) + ENTRY_COMPLETE.length
                    + JsonByteWriter.numberLength(e.complete()) + ANNOUNCE_INCOMPLETE.length
                    + JsonByteWriter.numberLength(e.incomplete()) + ENTRY_DOWNLOADED.length
                    + JsonByteWriter.numberLength(e.downloaded()) + CLOSE.length;
        }
        size += Math.max(0, m.files().size() - 1) * COMMA.length;
        JsonByteWriter w = new JsonByteWriter(size).raw(SCRAPE_FILES);
        boolean first = true;
        for (ScrapeResponse.Entry e : m.files()) {
            if (!first) {
                w.raw(COMMA);
            }
            first = false;
            w.id(e.infoHash())
                    .raw(ENTRY_COMPLETE).number(e.complete())
                    .raw(ANNOUNCE_INCOMPLETE).number(e.incomplete())
                    .raw(ENTRY_DOWNLOADED).number(e.downloaded())
                    .raw(CLOSE);
        }
        return w.raw(SCRAPE_FLAGS).number(m.minRequestInterval()).raw(CLOSE_TWO).toByteArray();
    }

    /**
     * {@code {"action":…,"failure reason":…,"info_hash":…}}, each of action and info_hash only
     * when known. BT writes the same three keys in this order ({@code server.js}
     * {@code _onWebSocketRequest}); its parse-level failures have the reason alone.
     */
    private static byte[] error(ErrorResponse m) {
        int size = JsonByteWriter.stringLength(m.reason()) + CLOSE.length
                + (m.action() == null ? ERROR_REASON_FIRST.length
                        : ERROR_ACTION.length + JsonByteWriter.stringLength(m.action())
                                + ERROR_REASON_AFTER_ACTION.length)
                + (m.infoHash() == null ? 0 : INFO_HASH.length + JsonByteWriter.idLength(m.infoHash()));
        JsonByteWriter w = new JsonByteWriter(size);
        if (m.action() == null) {
            w.raw(ERROR_REASON_FIRST);
        } else {
            w.raw(ERROR_ACTION).string(m.action()).raw(ERROR_REASON_AFTER_ACTION);
        }
        w.string(m.reason());
        if (m.infoHash() != null) {
            w.raw(INFO_HASH).id(m.infoHash());
        }
        return w.raw(CLOSE).toByteArray();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
