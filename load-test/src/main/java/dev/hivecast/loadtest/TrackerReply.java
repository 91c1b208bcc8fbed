package dev.hivecast.loadtest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * What the generator needs to know of one tracker-to-client message: its kind, and for a relayed
 * offer or answer the sender's peer_id and the offer_id. The tracker's codec only reads the other
 * direction, so this is the client's half, read with jackson's streaming parser; the {@code offer}
 * and {@code answer} objects are skipped, never built.
 *
 * @param peerId        the offerer's or answerer's peer_id (binary string), or null
 * @param offerId       the offer_id of an offer or answer, or null
 * @param failureReason the text of a {@code failure reason}, or null
 * @param infoHash      the info_hash of an offer or answer (binary string), or null
 */
record TrackerReply(Kind kind, String peerId, String offerId, String failureReason, String infoHash) {

    enum Kind {
        /** {@code complete}/{@code incomplete} counts for an announce. */
        ANNOUNCE_REPLY,
        /** Another peer's offer, to be answered. */
        OFFER,
        /** The answer to one of our offers. */
        ANSWER,
        /** {@code {"failure reason": ...}}, with or without action and info_hash. */
        FAILURE,
        /** Valid JSON the generator has no use for (a scrape reply, say). */
        OTHER,
        /** Not a JSON object at all. */
        UNPARSEABLE
    }

    private static final TrackerReply UNPARSEABLE = new TrackerReply(Kind.UNPARSEABLE, null, null, null, null);
    private static final TrackerReply OTHER = new TrackerReply(Kind.OTHER, null, null, null, null);

    static TrackerReply parse(JsonFactory json, String text) {
        boolean offer = false, answer = false, counts = false, announce = false;
        String peerId = null, offerId = null, failure = null, infoHash = null;
        try (JsonParser p = json.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return UNPARSEABLE;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "offer" -> offer = value == JsonToken.START_OBJECT;
                    case "answer" -> answer = value == JsonToken.START_OBJECT;
                    case "complete", "incomplete" -> counts |= value.isNumeric();
                    case "action" -> announce = value == JsonToken.VALUE_STRING && "announce".equals(p.getText());
                    case "peer_id" -> peerId = value == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "info_hash" -> infoHash = value == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "offer_id" -> offerId = value == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "failure reason" -> failure = value == JsonToken.VALUE_STRING ? p.getText() : String.valueOf(p.getText());
                    default -> { }
                }
                p.skipChildren();
            }
        } catch (IOException | RuntimeException e) {
            return UNPARSEABLE;
        }
        if (failure != null) {
            return new TrackerReply(Kind.FAILURE, null, null, failure, null);
        }
        if (offer && peerId != null && offerId != null) {
            return new TrackerReply(Kind.OFFER, peerId, offerId, null, infoHash);
        }
        if (answer && offerId != null) {
            return new TrackerReply(Kind.ANSWER, peerId, offerId, null, infoHash);
        }
        if (announce && counts) {
            return new TrackerReply(Kind.ANNOUNCE_REPLY, null, null, null, infoHash);
        }
        return OTHER;
    }
}
