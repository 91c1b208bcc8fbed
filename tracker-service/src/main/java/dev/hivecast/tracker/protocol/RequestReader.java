package dev.hivecast.tracker.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Reads one frame's object into {@link RequestFields} with jackson's streaming parser, one pass,
 * no tree. Field names come from jackson's symbol table (one shared instance per name, no
 * allocation); ids are read from the parser's character buffer without making a String; the
 * {@code offer} and {@code answer} objects are skipped and kept as slices of the frame.
 */
final class RequestReader {

    /** Longest action echoed in the failure reason; BT echoes any length, we do not. */
    private static final int MAX_ECHOED_ACTION = 64;

    private final JsonParser p;
    private final byte[] frame;
    private final int frameOffset;
    private final int frameEnd;
    private final CodecLimits limits;
    private final RequestFields fields = new RequestFields();

    RequestReader(JsonParser parser, byte[] frame, int offset, int length, CodecLimits limits) {
        this.p = parser;
        this.frame = frame;
        this.frameOffset = offset;
        this.frameEnd = offset + length;
        this.limits = limits;
    }

    RequestFields read() throws IOException, ProtocolException {
        JsonToken first = p.nextToken();
        if (first == null) {
            throw ProtocolException.parseLevel(FailureReasons.INVALID_JSON);
        }
        if (first != JsonToken.START_OBJECT) {
            // Still read it to the end: "[1," is invalid JSON before it is a non-object.
            p.skipChildren();
            requireEndOfFrame();
            throw ProtocolException.parseLevel(FailureReasons.NOT_AN_OBJECT);
        }
        String name;
        while ((name = p.nextFieldName()) != null) {
            readField(name);
        }
        requireEndOfObject();
        requireEndOfFrame();
        return fields;
    }

    private void readField(String name) throws IOException {
        JsonToken value = p.nextToken();
        switch (name) {
            case "action" -> readAction(value);
            case "info_hash" -> readInfoHash(value);
            case "peer_id" -> fields.peerId = peerId(value);
            case "to_peer_id" -> fields.toPeerId = peerId(value);
            case "event" -> readEvent(value);
            case "left" -> fields.complete = isZero(value);
            case "numwant" -> fields.numwant = numwant(value);
            case "offers" -> readOffers(value);
            case "answer" -> readAnswer(value);
            case "offer_id" -> fields.offerId = offerId(value);
            // uploaded, downloaded, trackerid, BTc's getAnnounceOpts extras, padding: ignored (C22).
            default -> p.skipChildren();
        }
    }

    private void readAction(JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_STRING) {
            if (textIs("announce")) {
                fields.action = RequestFields.Action.ANNOUNCE;
                return;
            }
            if (textIs("scrape")) {
                fields.action = RequestFields.Action.SCRAPE;
                return;
            }
        }
        fields.action = RequestFields.Action.OTHER;
        fields.actionText = javaScriptString(value);
    }

    /** {@code String(value)} in JavaScript for scalars; containers are not echoed. */
    private String javaScriptString(JsonToken value) throws IOException {
        switch (value) {
            case START_OBJECT:
                p.skipChildren();
                return "[object Object]";
            case START_ARRAY:
                p.skipChildren();
                return "[object Array]";
            case VALUE_NULL:
                return "null";
            default:
                String text = p.getText();
                return text.length() <= MAX_ECHOED_ACTION ? text : text.substring(0, MAX_ECHOED_ACTION) + "…";
        }
    }

    private void readInfoHash(JsonToken value) throws IOException {
        fields.infoHash = null;
        fields.infoHashes = null;
        fields.tooManyInfoHashes = false;
        if (value == JsonToken.VALUE_NULL) {
            fields.infoHashShape = RequestFields.InfoHashShape.NULL;
        } else if (value == JsonToken.START_ARRAY) {
            readInfoHashList();
        } else {
            byte[] bytes = idBytes(value);
            fields.infoHash = bytes == null ? null : new InfoHash(bytes);
            fields.infoHashShape = bytes == null ? RequestFields.InfoHashShape.INVALID : RequestFields.InfoHashShape.ID;
        }
    }

    /** BTc sends an array when it scrapes several torrents; duplicates are dropped, order kept. */
    private void readInfoHashList() throws IOException {
        List<InfoHash> hashes = new ArrayList<>();
        JsonToken t;
        while ((t = nextInArray()) != JsonToken.END_ARRAY) {
            byte[] bytes = idBytes(t);
            if (bytes == null) {
                skipRestOfArray();
                fields.infoHashShape = RequestFields.InfoHashShape.INVALID;
                return;
            }
            InfoHash hash = new InfoHash(bytes);
            if (!hashes.contains(hash)) {
                if (hashes.size() < limits.maxScrapeHashes()) {
                    hashes.add(hash);
                } else {
                    fields.tooManyInfoHashes = true;
                }
            }
        }
        fields.infoHashShape = RequestFields.InfoHashShape.LIST;
        fields.infoHashes = Collections.unmodifiableList(hashes);
    }

    private PeerId peerId(JsonToken value) throws IOException {
        byte[] bytes = idBytes(value);
        return bytes == null ? null : new PeerId(bytes);
    }

    /**
     * The 20 bytes of a binary string (PROTOCOL §2): exactly 20 UTF-16 units, each at most U+00FF.
     * Raw UTF-8 and {@code &#92;u00XX} spellings decode to the same characters, so to the same bytes.
     * Stricter than BT (which checks the length only) and than AQ (which ignores characters
     * past the 20th): a 21-character or 40-hex-digit id is an error, not a different id.
     */
    private byte[] idBytes(JsonToken value) throws IOException {
        if (value != JsonToken.VALUE_STRING) {
            p.skipChildren();
            return null;
        }
        if (p.getTextLength() != Id20.LENGTH) {
            return null;
        }
        char[] chars = p.getTextCharacters();
        int from = p.getTextOffset();
        byte[] bytes = new byte[Id20.LENGTH];
        for (int i = 0; i < Id20.LENGTH; i++) {
            char c = chars[from + i];
            if (c > 0xFF) {
                return null;
            }
            bytes[i] = (byte) c;
        }
        return bytes;
    }

    /**
     * BT: absent, {@code ""} and {@code "empty"} mean update, and it accepts {@code "paused"}
     * ({@code server.js}, {@code swarm.js}); {@code "update"} is AQ's spelling; null is what a
     * client with an undefined event sends.
     */
    private void readEvent(JsonToken value) throws IOException {
        fields.eventInvalid = false;
        fields.event = Event.UPDATE;
        if (value == JsonToken.VALUE_NULL) {
            return;
        }
        if (value == JsonToken.VALUE_STRING) {
            if (textIs("started")) {
                fields.event = Event.STARTED;
                return;
            }
            if (textIs("completed")) {
                fields.event = Event.COMPLETED;
                return;
            }
            if (textIs("stopped")) {
                fields.event = Event.STOPPED;
                return;
            }
            if (p.getTextLength() == 0 || textIs("update") || textIs("empty") || textIs("paused")) {
                return;
            }
        }
        p.skipChildren();
        fields.eventInvalid = true;
    }

    /**
     * Only the number 0 means complete. BT's {@code Number(left)} turns {@code null} into 0, a
     * seeder; webtorrent sends {@code "left":null} before it has the metadata, so we do not (C19).
     * As in JavaScript, {@code -0}, {@code 0.0} and {@code 1e-400} are 0.
     */
    private boolean isZero(JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NUMBER_INT) {
            int length = p.getTextLength();
            char[] chars = p.getTextCharacters();
            int from = p.getTextOffset();
            return chars[from + length - 1] == '0' && (length == 1 || length == 2 && chars[from] == '-');
        }
        if (value == JsonToken.VALUE_NUMBER_FLOAT) {
            return p.getDoubleValue() == 0.0;
        }
        p.skipChildren();
        return false;
    }

    /** A non-negative integral number, clamped to int (1e30 and 2^70 are "as many as you have"). */
    private int numwant(JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NUMBER_INT) {
            int length = p.getTextLength();
            char[] chars = p.getTextCharacters();
            int from = p.getTextOffset();
            if (chars[from] == '-') {
                return length == 2 && chars[from + 1] == '0' ? 0 : AnnounceRequest.NUMWANT_ABSENT;
            }
            // JSON has no leading zeros, so 19 or more digits is at least 10^18: no need to parse it.
            return length > 18 ? Integer.MAX_VALUE : (int) Math.min(p.getLongValue(), Integer.MAX_VALUE);
        }
        if (value == JsonToken.VALUE_NUMBER_FLOAT) {
            double d = p.getDoubleValue();
            if (!(d >= 0) || d != Math.rint(d)) {
                return AnnounceRequest.NUMWANT_ABSENT;
            }
            return d >= Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) d;
        }
        p.skipChildren();
        return AnnounceRequest.NUMWANT_ABSENT;
    }

    /**
     * Every item is validated, even past the cap, so that a bad item fails the announce whatever
     * its position (D30); {@code null} means none (anacrolix/torrent sends {@code "offers":null}).
     */
    private void readOffers(JsonToken value) throws IOException {
        fields.offers = List.of();
        fields.offersError = null;
        if (value == JsonToken.VALUE_NULL) {
            return;
        }
        if (value != JsonToken.START_ARRAY) {
            p.skipChildren();
            fields.offersError = FailureReasons.INVALID_OFFERS;
            return;
        }
        List<Offer> offers = new ArrayList<>(Math.min(limits.maxOffers(), 8));
        int seen = 0;
        JsonToken t;
        while ((t = nextInArray()) != JsonToken.END_ARRAY) {
            boolean keep = seen++ < limits.maxOffers();
            String error = readOffer(t, keep ? offers : null);
            if (error != null) {
                skipRestOfArray();
                fields.offersError = error;
                return;
            }
        }
        fields.offers = Collections.unmodifiableList(offers);
    }

    /** Reads one {@code {"offer":{…},"offer_id":"…"}}; adds it to {@code out} unless null. */
    private String readOffer(JsonToken item, List<Offer> out) throws IOException {
        if (item != JsonToken.START_OBJECT) {
            p.skipChildren();
            return FailureReasons.INVALID_OFFERS;
        }
        boolean keep = out != null;
        JsonSlice offer = null;
        boolean offerIsObject = false;
        String offerId = null;
        boolean offerIdValid = false;
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken value = p.nextToken();
            switch (name) {
                case "offer" -> {
                    offerIsObject = value == JsonToken.START_OBJECT;
                    if (offerIsObject && keep) {
                        offer = objectSlice();
                    } else {
                        p.skipChildren();
                    }
                }
                case "offer_id" -> {
                    offerIdValid = isValidOfferId(value);
                    offerId = offerIdValid && keep ? p.getText() : null;
                }
                default -> p.skipChildren();
            }
        }
        requireEndOfObject();
        if (!offerIsObject) {
            return FailureReasons.INVALID_OFFERS;
        }
        if (!offerIdValid) {
            return FailureReasons.INVALID_OFFER_ID;
        }
        if (keep) {
            out.add(new Offer(offerId, offer));
        }
        return null;
    }

    private void readAnswer(JsonToken value) throws IOException {
        fields.answerPresent = value != JsonToken.VALUE_NULL;
        fields.answer = null;
        if (value == JsonToken.START_OBJECT) {
            fields.answer = objectSlice();
        } else {
            p.skipChildren();
        }
    }

    /** Any string of 1..maxOfferIdLength characters, forwarded verbatim (B11, BT #525). */
    private String offerId(JsonToken value) throws IOException {
        return isValidOfferId(value) ? p.getText() : null;
    }

    private boolean isValidOfferId(JsonToken value) throws IOException {
        if (value != JsonToken.VALUE_STRING) {
            p.skipChildren();
            return false;
        }
        int length = p.getTextLength();
        return length >= 1 && length <= limits.maxOfferIdLength();
    }

    /**
     * The current object, from its '{' to its '}', as a slice of the frame. jackson reports byte
     * offsets relative to the {@code offset} the parser was created with (checked by a test).
     */
    private JsonSlice objectSlice() throws IOException {
        long start = p.currentTokenLocation().getByteOffset();
        p.skipChildren();
        long end = p.currentTokenLocation().getByteOffset();
        long from = frameOffset + start;
        long last = frameOffset + end;
        if (start < 0 || end <= start || last >= frameEnd || frame[(int) from] != '{' || frame[(int) last] != '}') {
            throw new IllegalStateException("parser offsets " + start + ".." + end + " do not frame an object");
        }
        return new JsonSlice(frame, (int) from, (int) (end - start + 1));
    }

    private boolean textIs(String expected) throws IOException {
        int length = expected.length();
        if (p.getTextLength() != length) {
            return false;
        }
        char[] chars = p.getTextCharacters();
        int from = p.getTextOffset();
        for (int i = 0; i < length; i++) {
            if (chars[from + i] != expected.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private JsonToken nextInArray() throws IOException {
        JsonToken t = p.nextToken();
        if (t == null) {
            throw new EOFException("end of input inside an array");
        }
        return t;
    }

    private void skipRestOfArray() throws IOException {
        JsonToken t;
        while ((t = nextInArray()) != JsonToken.END_ARRAY) {
            if (t.isStructStart()) {
                p.skipChildren();
            }
        }
    }

    private void requireEndOfObject() throws IOException {
        if (p.currentToken() != JsonToken.END_OBJECT) {
            throw new EOFException("end of input inside an object");
        }
    }

    private void requireEndOfFrame() throws IOException, ProtocolException {
        if (p.nextToken() != null) {
            // JSON.parse rejects a second value; jackson would happily read a stream of them.
            throw ProtocolException.parseLevel(FailureReasons.INVALID_JSON);
        }
    }
}
