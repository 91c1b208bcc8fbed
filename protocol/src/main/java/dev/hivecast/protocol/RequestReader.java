package dev.hivecast.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads one frame's object into {@link RequestFields} with jackson's streaming parser, one pass,
 * no tree. Field names come from jackson's symbol table (one shared instance per name, no
 * allocation); ids are read from the parser's character buffer without making a String; the
 * {@code offer} and {@code answer} objects are skipped and kept as slices of the frame.
 */
final class RequestReader {

    private static final int LINEAR_SEARCH_LIMIT = 8;

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
            case "event" -> {
                Event event = JsonScalars.event(p, value);
                fields.eventInvalid = event == null;
                fields.event = event == null ? Event.UPDATE : event;
            }
            case "left" -> fields.complete = JsonScalars.isZero(p, value);
            case "numwant" -> fields.numwant = JsonScalars.numwant(p, value);
            case "uploaded" -> fields.uploaded = JsonScalars.byteCount(p, value);
            case "downloaded" -> fields.downloaded = JsonScalars.byteCount(p, value);
            case "offers" -> readOffers(value);
            case "answer" -> readAnswer(value);
            case "offer_id" -> fields.offerId = offerId(value);
            // trackerid, BTc's getAnnounceOpts extras, padding: ignored (C22).
            default -> p.skipChildren();
        }
    }

    private void readAction(JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_STRING) {
            if (JsonScalars.textIs(p, "announce")) {
                fields.action = RequestFields.Action.ANNOUNCE;
                return;
            }
            if (JsonScalars.textIs(p, "scrape")) {
                fields.action = RequestFields.Action.SCRAPE;
                return;
            }
        }
        fields.action = RequestFields.Action.OTHER;
        fields.actionText = JsonScalars.javaScriptString(p, value);
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
            byte[] bytes = JsonScalars.idBytes(p, value);
            fields.infoHash = bytes == null ? null : new InfoHash(bytes);
            fields.infoHashShape = bytes == null ? RequestFields.InfoHashShape.INVALID : RequestFields.InfoHashShape.ID;
        }
    }

    /** BTc sends an array when it scrapes several torrents; duplicates are dropped, order kept. */
    private void readInfoHashList() throws IOException {
        List<InfoHash> hashes = new ArrayList<>();
        Set<InfoHash> seen = null; // a linear search is faster for the usual one to three hashes
        JsonToken t;
        while ((t = nextInArray()) != JsonToken.END_ARRAY) {
            byte[] bytes = JsonScalars.idBytes(p, t);
            if (bytes == null) {
                skipRestOfArray();
                fields.infoHashShape = RequestFields.InfoHashShape.INVALID;
                return;
            }
            InfoHash hash = new InfoHash(bytes);
            if (seen == null && hashes.size() == LINEAR_SEARCH_LIMIT) {
                seen = new HashSet<>(hashes);
            }
            boolean isNew = seen == null ? !hashes.contains(hash) : seen.add(hash);
            if (isNew) {
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
        byte[] bytes = JsonScalars.idBytes(p, value);
        return bytes == null ? null : new PeerId(bytes);
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
