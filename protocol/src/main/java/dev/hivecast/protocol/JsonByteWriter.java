package dev.hivecast.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes JSON as bytes, strings exactly as JavaScript's {@code JSON.stringify} writes them: the
 * short escapes {@code \b \t \n \f \r}, {@code \"} and {@code \\}, other characters below U+0020
 * as {@code &#92;u00xx} in lowercase hex, lone surrogates as {@code &#92;udxxx} (well-formed stringify,
 * ES2019), everything else raw UTF-8 (DEL and {@code /} included). Every client and the reference
 * tracker serialise that way, so an id we echo is byte-identical to the spelling the client sent
 * (the golden fixtures show every one of these forms, from every client and the reference).
 *
 * <p>Callers size the buffer with the {@code *Length} methods so that the common messages are
 * written into an array of exactly their size and returned without a copy.
 */
final class JsonByteWriter {

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    /** For each ASCII character, 0 if written raw, else the letter of its short escape, or 'u'. */
    private static final byte[] ESCAPES = new byte[128];

    static {
        for (int c = 0; c < 0x20; c++) {
            ESCAPES[c] = 'u';
        }
        ESCAPES['\b'] = 'b';
        ESCAPES['\t'] = 't';
        ESCAPES['\n'] = 'n';
        ESCAPES['\f'] = 'f';
        ESCAPES['\r'] = 'r';
        ESCAPES['"'] = '"';
        ESCAPES['\\'] = '\\';
    }

    private byte[] buf;
    private int pos;

    JsonByteWriter(int capacity) {
        buf = new byte[Math.max(capacity, 16)];
    }

    /** The bytes written; the buffer itself when it was sized exactly. */
    byte[] toByteArray() {
        return pos == buf.length ? buf : Arrays.copyOf(buf, pos);
    }

    JsonByteWriter raw(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, pos, bytes.length);
        pos += bytes.length;
        return this;
    }

    JsonByteWriter raw(JsonSlice slice) {
        ensure(slice.length());
        System.arraycopy(slice.bytes(), slice.offset(), buf, pos, slice.length());
        pos += slice.length();
        return this;
    }

    JsonByteWriter number(long value) {
        ensure(numberLength(value));
        if (value < 0) {
            if (value == Long.MIN_VALUE) {
                return raw(Long.toString(value).getBytes(StandardCharsets.US_ASCII));
            }
            buf[pos++] = '-';
            value = -value;
        }
        int end = pos + digits(value);
        for (int i = end - 1; i >= pos; i--) {
            buf[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        pos = end;
        return this;
    }

    /** A 20-byte id as a quoted binary string: each byte is the character of that code point. */
    JsonByteWriter id(Id20 id) {
        if (buf.length - pos < 2 + 6 * Id20.LENGTH) {
            ensure(idLength(id));
        }
        buf[pos++] = '"';
        for (int i = 0; i < Id20.LENGTH; i++) {
            int c = id.byteAt(i);
            if (c >= 0x80) {
                buf[pos++] = (byte) (0xC0 | c >> 6);
                buf[pos++] = (byte) (0x80 | c & 0x3F);
            } else if (ESCAPES[c] == 0) {
                buf[pos++] = (byte) c;
            } else {
                escapeAscii(c);
            }
        }
        buf[pos++] = '"';
        return this;
    }

    JsonByteWriter string(String s) {
        int n = s.length();
        if (buf.length - pos < 2 + 6L * n) {
            ensure(stringLength(s));
        }
        buf[pos++] = '"';
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                if (ESCAPES[c] == 0) {
                    buf[pos++] = (byte) c;
                } else {
                    escapeAscii(c);
                }
            } else if (c < 0x800) {
                buf[pos++] = (byte) (0xC0 | c >> 6);
                buf[pos++] = (byte) (0x80 | c & 0x3F);
            } else if (!Character.isSurrogate(c)) {
                buf[pos++] = (byte) (0xE0 | c >> 12);
                buf[pos++] = (byte) (0x80 | c >> 6 & 0x3F);
                buf[pos++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                buf[pos++] = (byte) (0xF0 | cp >> 18);
                buf[pos++] = (byte) (0x80 | cp >> 12 & 0x3F);
                buf[pos++] = (byte) (0x80 | cp >> 6 & 0x3F);
                buf[pos++] = (byte) (0x80 | cp & 0x3F);
            } else {
                unicodeEscape(c);
            }
        }
        buf[pos++] = '"';
        return this;
    }

    /** Bytes {@link #id} writes, quotes included. */
    static int idLength(Id20 id) {
        int length = 2;
        for (int i = 0; i < Id20.LENGTH; i++) {
            length += charLength(id.byteAt(i));
        }
        return length;
    }

    /** Bytes {@link #string} writes, quotes included. */
    static int stringLength(String s) {
        int n = s.length();
        int length = 2;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                length += 4;
                i++;
            } else {
                length += charLength(c);
            }
        }
        return length;
    }

    /** Bytes {@link #number} writes. */
    static int numberLength(long value) {
        if (value == Long.MIN_VALUE) {
            return 20;
        }
        return value < 0 ? 1 + digits(-value) : digits(value);
    }

    /** Bytes for one UTF-16 unit that is not half of a surrogate pair. */
    private static int charLength(int c) {
        if (c < 0x80) {
            byte escape = ESCAPES[c];
            return escape == 0 ? 1 : escape == 'u' ? 6 : 2;
        }
        if (c < 0x800) {
            return 2;
        }
        return Character.isSurrogate((char) c) ? 6 : 3;
    }

    private static int digits(long nonNegative) {
        int digits = 1;
        for (long v = nonNegative; v >= 10; v /= 10) {
            digits++;
        }
        return digits;
    }

    private void escapeAscii(int c) {
        byte escape = ESCAPES[c];
        if (escape == 'u') {
            unicodeEscape(c);
        } else {
            buf[pos++] = '\\';
            buf[pos++] = escape;
        }
    }

    private void unicodeEscape(int c) {
        buf[pos++] = '\\';
        buf[pos++] = 'u';
        buf[pos++] = HEX[c >> 12 & 0xF];
        buf[pos++] = HEX[c >> 8 & 0xF];
        buf[pos++] = HEX[c >> 4 & 0xF];
        buf[pos++] = HEX[c & 0xF];
    }

    private void ensure(int extra) {
        if (buf.length - pos < extra) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + extra));
        }
    }
}
