package dev.hivecast.protocol;

/**
 * A 20-byte identifier carried on the wire as a "binary string": a JSON string of exactly 20
 * characters, each one byte (U+0000..U+00FF), i.e. the bytes read as ISO-8859-1. This is the
 * reference tracker's {@code hex2bin}/{@code bin2hex} encoding; clients send the characters raw
 * (UTF-8) or {@code &#92;u00XX}-escaped and both spellings mean the same 20 bytes.
 *
 * <p>Stored as two longs and an int so a swarm member costs no extra array, and so equality and
 * hashing never touch a byte array on the hot path.
 */
public abstract sealed class Id20 permits InfoHash, PeerId {

    public static final int LENGTH = 20;

    private final long high;
    private final long middle;
    private final int low;
    private final int hash;

    Id20(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("an id has 20 bytes, not " + bytes.length);
        }
        this.high = readLong(bytes, 0);
        this.middle = readLong(bytes, 8);
        this.low = (int) readBits(bytes, 16, 4);
        this.hash = mix(high, middle, low);
    }

    /**
     * The 20 bytes of a binary string, or null when it is not one: not exactly 20 UTF-16 units,
     * or a character above U+00FF (which includes every surrogate, paired or lone).
     */
    static byte[] bytesOf(String binaryString) {
        if (binaryString.length() != LENGTH) {
            return null;
        }
        byte[] bytes = new byte[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            char c = binaryString.charAt(i);
            if (c > 0xFF) {
                return null;
            }
            bytes[i] = (byte) c;
        }
        return bytes;
    }

    /** The client side's factories take ids as strings: one that is not a binary string is a bug. */
    static InfoHash infoHash(String binaryString) {
        return new InfoHash(requireBytes(binaryString, "info_hash"));
    }

    static PeerId peerId(String binaryString) {
        return new PeerId(requireBytes(binaryString, "peer_id"));
    }

    private static byte[] requireBytes(String binaryString, String name) {
        byte[] bytes = bytesOf(binaryString);
        if (bytes == null) {
            throw new IllegalArgumentException(name + " is not 20 characters of U+0000..U+00FF: " + binaryString);
        }
        return bytes;
    }

    public final byte[] toBytes() {
        byte[] bytes = new byte[LENGTH];
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (high >>> (56 - 8 * i));
            bytes[8 + i] = (byte) (middle >>> (56 - 8 * i));
        }
        for (int i = 0; i < 4; i++) {
            bytes[16 + i] = (byte) (low >>> (24 - 8 * i));
        }
        return bytes;
    }

    /** The byte at {@code index} (0..19), as 0..255. */
    public final int byteAt(int index) {
        if (index < 8) {
            return (int) (high >>> (56 - 8 * index)) & 0xFF;
        }
        if (index < 16) {
            return (int) (middle >>> (56 - 8 * (index - 8))) & 0xFF;
        }
        return (low >>> (24 - 8 * (index - 16))) & 0xFF;
    }

    /** The id as the 20-character binary string clients compare against. */
    public final String toBinaryString() {
        char[] chars = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            chars[i] = (char) byteAt(i);
        }
        return new String(chars);
    }

    /** Lowercase hex, for logs, stats pages and allow lists (never on the wire). */
    public final String toHex() {
        StringBuilder sb = new StringBuilder(2 * LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            sb.append(Character.forDigit(byteAt(i) >> 4, 16)).append(Character.forDigit(byteAt(i) & 0xF, 16));
        }
        return sb.toString();
    }

    @Override
    public final boolean equals(Object o) {
        return o instanceof Id20 other && other.getClass() == getClass()
                && other.high == high && other.middle == middle && other.low == low;
    }

    @Override
    public final int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + toHex() + ")";
    }

    private static long readLong(byte[] b, int from) {
        return readBits(b, from, 8);
    }

    private static long readBits(byte[] b, int from, int count) {
        long v = 0;
        for (int i = 0; i < count; i++) {
            v = (v << 8) | (b[from + i] & 0xFFL);
        }
        return v;
    }

    // Client-chosen ids (base64 info_hash, "-PM0203-" prefixes) share long runs of bytes: spread them.
    private static int mix(long a, long b, int c) {
        long h = a * 0x9E3779B97F4A7C15L ^ Long.rotateLeft(b * 0xC2B2AE3D27D4EB4FL, 31) ^ c * 0x165667B1L;
        h ^= h >>> 29;
        return (int) (h ^ (h >>> 32));
    }
}
