package dev.hivecast.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * Reads the scalar fields of a request from the parser's current token, straight from jackson's
 * character buffer: no String is made for an id, an event, an action or a number. Every method
 * leaves the parser after the value, skipping a container it did not want.
 */
final class JsonScalars {

    /** Longest action echoed in the failure reason; BT echoes any length, we do not. */
    private static final int MAX_ECHOED_ACTION = 64;

    private JsonScalars() {
    }

    /** {@code String(value)} in JavaScript for scalars; containers are not echoed. */
    static String javaScriptString(JsonParser p, JsonToken value) throws IOException {
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

    /**
     * The 20 bytes of a binary string (each character one byte, see {@link Id20}): exactly 20 UTF-16 units, each at most U+00FF.
     * Raw UTF-8 and {@code &#92;u00XX} spellings decode to the same characters, so to the same bytes.
     * Stricter than BT (which checks the length only) and than AQ (which ignores characters
     * past the 20th): a 21-character or 40-hex-digit id is an error, not a different id.
     */
    static byte[] idBytes(JsonParser p, JsonToken value) throws IOException {
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
     * The event, or null when it is not one. BT: absent, {@code ""} and {@code "empty"} mean
     * update, and it accepts {@code "paused"} ({@code server.js}, {@code swarm.js});
     * {@code "update"} is AQ's spelling; null is what a client with an undefined event sends.
     */
    static Event event(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return Event.UPDATE;
        }
        if (value != JsonToken.VALUE_STRING) {
            p.skipChildren();
            return null;
        }
        if (textIs(p, "started")) {
            return Event.STARTED;
        }
        if (textIs(p, "completed")) {
            return Event.COMPLETED;
        }
        if (textIs(p, "stopped")) {
            return Event.STOPPED;
        }
        boolean update = p.getTextLength() == 0
                || textIs(p, "update") || textIs(p, "empty") || textIs(p, "paused");
        return update ? Event.UPDATE : null;
    }

    /**
     * Only the number 0 means complete. BT's {@code Number(left)} turns {@code null} into 0, a
     * seeder; webtorrent sends {@code "left":null} before it has the metadata, so we do not (C19).
     * As in JavaScript, {@code -0}, {@code 0.0} and {@code 1e-400} are 0.
     */
    static boolean isZero(JsonParser p, JsonToken value) throws IOException {
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
    static int numwant(JsonParser p, JsonToken value) throws IOException {
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
     * {@code uploaded} and {@code downloaded}: a non-negative integral number below 10^18 (an
     * exabyte; webtorrent sends integers, JavaScript may print a large one as {@code 1.5e+21}),
     * else {@link AnnounceRequest#NOT_REPORTED}. A string or anything else is not refused: the
     * reference ignores these fields, so players that send odd values must keep working (C22).
     */
    static long byteCount(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NUMBER_INT) {
            int length = p.getTextLength();
            char[] chars = p.getTextCharacters();
            int from = p.getTextOffset();
            if (chars[from] == '-') {
                return length == 2 && chars[from + 1] == '0' ? 0 : AnnounceRequest.NOT_REPORTED;
            }
            return length > 18 ? AnnounceRequest.NOT_REPORTED : p.getLongValue();
        }
        if (value == JsonToken.VALUE_NUMBER_FLOAT) {
            double d = p.getDoubleValue();
            return d >= 0 && d < 1e18 && d == Math.rint(d) ? (long) d : AnnounceRequest.NOT_REPORTED;
        }
        p.skipChildren();
        return AnnounceRequest.NOT_REPORTED;
    }

    static boolean textIs(JsonParser p, String expected) throws IOException {
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
}
