package dev.hivecast.protocol;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Strict UTF-8 validation (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF).
 *
 * <p>jackson-core decodes overlong forms ({@code C0 80} becomes U+0000) and encoded surrogates
 * without complaint, and it skips the bytes of values it is not asked to decode. The offer and
 * answer objects are relayed byte for byte into text frames, where a browser fails the whole
 * WebSocket on invalid UTF-8; binary frames reach us unchecked by the WebSocket layer. So every
 * frame is validated here, once, before jackson sees it.
 */
final class Utf8 {

    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;

    private Utf8() {
    }

    static String text(byte[] utf8) {
        return new String(utf8, java.nio.charset.StandardCharsets.UTF_8);
    }

    static boolean isValid(byte[] b, int offset, int length) {
        int i = offset;
        int end = offset + length;
        while (i < end) {
            // Frames are mostly ASCII (SDP, JSON syntax): skip eight such bytes at a time.
            if (end - i >= Long.BYTES && ((long) LONGS.get(b, i) & HIGH_BITS) == 0) {
                i += Long.BYTES;
                continue;
            }
            int lead = b[i] & 0xFF;
            if (lead < 0x80) {
                i++;
                continue;
            }
            int next = sequenceEnd(b, i, end, lead);
            if (next < 0) {
                return false;
            }
            i = next;
        }
        return true;
    }

    /** The index after the multi-byte sequence starting at {@code i}, or -1 if it is malformed. */
    private static int sequenceEnd(byte[] b, int i, int end, int lead) {
        int count;
        int min2;
        int max2;
        if (lead >= 0xC2 && lead <= 0xDF) {
            count = 2; min2 = 0x80; max2 = 0xBF;
        } else if (lead == 0xE0) {
            count = 3; min2 = 0xA0; max2 = 0xBF; // not overlong
        } else if (lead == 0xED) {
            count = 3; min2 = 0x80; max2 = 0x9F; // not a surrogate
        } else if (lead >= 0xE1 && lead <= 0xEF) {
            count = 3; min2 = 0x80; max2 = 0xBF;
        } else if (lead == 0xF0) {
            count = 4; min2 = 0x90; max2 = 0xBF; // not overlong
        } else if (lead >= 0xF1 && lead <= 0xF3) {
            count = 4; min2 = 0x80; max2 = 0xBF;
        } else if (lead == 0xF4) {
            count = 4; min2 = 0x80; max2 = 0x8F; // not above U+10FFFF
        } else {
            return -1; // continuation byte, C0, C1 or F5..FF as a lead
        }
        if (end - i < count) {
            return -1;
        }
        int second = b[i + 1] & 0xFF;
        if (second < min2 || second > max2) {
            return -1;
        }
        for (int k = 2; k < count; k++) {
            if ((b[i + k] & 0xC0) != 0x80) {
                return -1;
            }
        }
        return i + count;
    }
}
