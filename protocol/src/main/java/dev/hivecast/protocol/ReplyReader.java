package dev.hivecast.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one tracker reply, the client's half of the codec: one streaming pass, no tree, the
 * {@code offer} and {@code answer} objects kept as slices of the frame (so a client that answers
 * copies nothing it does not forward). Lenient where trackers differ and a client does not care:
 * keys in any order, unknown keys skipped, {@code interval} optional (0 when absent).
 */
final class ReplyReader {

    /** The reason for valid JSON that is none of the five replies. */
    static final String NOT_A_REPLY = "not a tracker reply";

    private final JsonParser p;
    private final byte[] frame;
    private final int frameOffset;

    private String action;
    private String failure;
    private InfoHash infoHash;
    private PeerId peerId;
    private String offerId;
    private JsonSlice offer;
    private JsonSlice answer;
    private long complete = -1;
    private long incomplete = -1;
    private long interval;
    private List<ScrapeResponse.Entry> files;
    private long minRequestInterval;

    ReplyReader(JsonParser parser, byte[] frame, int offset) {
        this.p = parser;
        this.frame = frame;
        this.frameOffset = offset;
    }

    OutMessage read() throws IOException, ProtocolException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw ProtocolException.parseLevel(FailureReasons.NOT_AN_OBJECT);
        }
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken value = p.nextToken();
            switch (name) {
                case "action" -> action = value == JsonToken.VALUE_STRING ? p.getText() : skip(null);
                // The reference tracker's spelling, with a space; it is the only key a parse-level failure has.
                case "failure reason" -> failure = value == JsonToken.VALUE_STRING ? p.getText() : skip(null);
                case "info_hash" -> infoHash = InfoHash.fromBinaryString(string(value));
                case "peer_id" -> peerId = PeerId.fromBinaryString(string(value));
                case "offer_id" -> offerId = string(value);
                case "offer" -> offer = objectSlice(value);
                case "answer" -> answer = objectSlice(value);
                case "complete" -> complete = count(value);
                case "incomplete" -> incomplete = count(value);
                case "interval" -> interval = count(value);
                case "files" -> files = files(value);
                case "flags" -> minRequestInterval = flags(value);
                default -> p.skipChildren();
            }
        }
        if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
            throw ProtocolException.parseLevel(FailureReasons.INVALID_JSON);
        }
        return toMessage();
    }

    private OutMessage toMessage() throws ProtocolException {
        if (failure != null) {
            return new ErrorResponse(action, infoHash, failure);
        }
        // The reference relays an offer or an answer as an announce with no counts and no to_peer_id.
        if ("announce".equals(action) && infoHash != null && peerId != null && offerId != null) {
            if (offer != null) {
                return new OfferMessage(infoHash, peerId, offerId, offer);
            }
            if (answer != null) {
                return new AnswerMessage(infoHash, peerId, offerId, answer);
            }
        }
        if ("announce".equals(action) && infoHash != null && complete >= 0 && incomplete >= 0) {
            return new AnnounceResponse(infoHash, clamp(complete), clamp(incomplete), clamp(interval));
        }
        if ("scrape".equals(action) && files != null) {
            return new ScrapeResponse(files, clamp(minRequestInterval));
        }
        throw ProtocolException.parseLevel(NOT_A_REPLY);
    }

    /** {@code files} maps binary info_hashes, as key names, to their counts. */
    private List<ScrapeResponse.Entry> files(JsonToken value) throws IOException, ProtocolException {
        if (value != JsonToken.START_OBJECT) {
            p.skipChildren();
            return null;
        }
        List<ScrapeResponse.Entry> entries = new ArrayList<>();
        String key;
        while ((key = p.nextFieldName()) != null) {
            InfoHash hash = InfoHash.fromBinaryString(key);
            if (p.nextToken() != JsonToken.START_OBJECT || hash == null) {
                throw ProtocolException.parseLevel(NOT_A_REPLY);
            }
            long c = 0;
            long i = 0;
            long d = 0;
            String name;
            while ((name = p.nextFieldName()) != null) {
                JsonToken v = p.nextToken();
                switch (name) {
                    case "complete" -> c = Math.max(0, count(v));
                    case "incomplete" -> i = Math.max(0, count(v));
                    case "downloaded" -> d = Math.max(0, count(v));
                    default -> p.skipChildren();
                }
            }
            requireEndOfObject();
            entries.add(new ScrapeResponse.Entry(hash, clamp(c), clamp(i), d));
        }
        requireEndOfObject();
        return entries;
    }

    private long flags(JsonToken value) throws IOException {
        long min = 0;
        if (value != JsonToken.START_OBJECT) {
            p.skipChildren();
            return min;
        }
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken v = p.nextToken();
            if (name.equals("min_request_interval")) {
                min = Math.max(0, count(v));
            } else {
                p.skipChildren();
            }
        }
        requireEndOfObject();
        return min;
    }

    private String string(JsonToken value) throws IOException {
        return value == JsonToken.VALUE_STRING ? p.getText() : skip(null);
    }

    /** A non-negative integer, or -1 for anything else. */
    private long count(JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            long v = p.getLongValue();
            return v >= 0 ? v : -1;
        }
        p.skipChildren();
        return -1;
    }

    private JsonSlice objectSlice(JsonToken value) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            p.skipChildren();
            return null;
        }
        long start = p.currentTokenLocation().getByteOffset();
        p.skipChildren();
        long end = p.currentTokenLocation().getByteOffset();
        return new JsonSlice(frame, (int) (frameOffset + start), (int) (end - start + 1));
    }

    private <T> T skip(T result) throws IOException {
        p.skipChildren();
        return result;
    }

    private void requireEndOfObject() throws IOException {
        if (p.currentToken() != JsonToken.END_OBJECT) {
            throw new EOFException("end of input inside an object");
        }
    }

    private static int clamp(long v) {
        return (int) Math.min(v, Integer.MAX_VALUE);
    }
}
