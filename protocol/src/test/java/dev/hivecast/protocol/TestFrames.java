package dev.hivecast.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;

/**
 * Ids, spellings and parse helpers for the codec tests. The spellings ({@link #js}, {@link #escapedId})
 * are written out longhand, independently of the encoders they check; valid requests come from the
 * client side ({@link ClientAnnounce}), and {@link #announce} only appends what that refuses to write.
 */
final class TestFrames {

    static final TrackerCodec CODEC = new TrackerCodec();

    /** A binary info_hash with every kind of byte: escapes, quote, backslash, DEL, Latin-1. */
    static final byte[] AWKWARD_ID = {0x00, 0x08, 0x09, 0x0A, 0x0C, 0x0D, 0x1F, '"', '\\', '/',
            0x7F, (byte) 0x80, (byte) 0xC3, (byte) 0xFF, 'a', 'Z', ' ', 0x1B, (byte) 0xA0, 0x01};
    static final byte[] PEER = ascii("-WW0300-abcdefghijkl");
    static final byte[] OTHER_PEER = ascii("-PM0203-0123456789Ab");
    static final byte[] PML_INFO_HASH = ascii("7G+sux+6N/xStQg0FILL");

    private TestFrames() {
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] ascii(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        assertThat(b).hasSize(Id20.LENGTH);
        return b;
    }

    /** The bytes as a binary string: each byte one character (docs/protocol.md#encoding-of-ids). */
    static String binary(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** JavaScript's JSON.stringify of a string, written out longhand. */
    static String js(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\b' -> sb.append("\\b");
                case '\t' -> sb.append("\\t");
                case '\n' -> sb.append("\\n");
                case '\f' -> sb.append("\\f");
                case '\r' -> sb.append("\\r");
                default -> {
                    boolean pairedHigh = Character.isHighSurrogate(c) && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1));
                    boolean pairedLow = Character.isLowSurrogate(c) && i > 0
                            && Character.isHighSurrogate(s.charAt(i - 1));
                    if (c < 0x20 || Character.isSurrogate(c) && !pairedHigh && !pairedLow) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    /** An id spelled as JSON.stringify spells it (raw where it can be). */
    static String jsId(byte[] id) {
        return js(binary(id));
    }

    /** An id spelled entirely as {@code &#92;u00XX} escapes, hex in the given case. */
    static String escapedId(byte[] id, boolean upperCase) {
        StringBuilder sb = new StringBuilder("\"");
        for (byte b : id) {
            sb.append(String.format(upperCase ? "\\u%04X" : "\\u%04x", b & 0xFF));
        }
        return sb.append('"').toString();
    }

    /** Distinct seeds give distinct ids; the bytes cover the whole 0..255 range. */
    static byte[] id(int seed) {
        byte[] b = new byte[Id20.LENGTH];
        java.util.Random random = new java.util.Random(seed);
        random.nextBytes(b);
        b[0] = (byte) (seed >>> 24);
        b[1] = (byte) (seed >>> 16);
        b[2] = (byte) (seed >>> 8);
        b[3] = (byte) seed;
        return b;
    }

    static InfoHash infoHash(byte[] b) {
        return new InfoHash(b);
    }

    static PeerId peerId(byte[] b) {
        return new PeerId(b);
    }

    /**
     * A client's announce ({@link ClientAnnounce}: no event, no offers) with {@code rest}, starting
     * with a comma, added before its closing brace: the keys and values, valid or not, a test needs.
     */
    static String announce(byte[] infoHash, byte[] peerId, String rest) {
        String plain = ClientAnnounce.of(new InfoHash(infoHash), new PeerId(peerId)).toString();
        return plain.substring(0, plain.length() - 1) + rest + "}";
    }

    static InMessage parse(String json) throws ProtocolException {
        return CODEC.parse(utf8(json));
    }

    static AnnounceRequest parseAnnounce(String json) throws ProtocolException {
        InMessage m = parse(json);
        assertThat(m).isInstanceOf(AnnounceRequest.class);
        return (AnnounceRequest) m;
    }

    static ProtocolException failure(byte[] frame) {
        ProtocolException e = catchThrowableOfType(ProtocolException.class, () -> CODEC.parse(frame));
        assertThat(e).as("a ProtocolException for %s", new String(frame, StandardCharsets.UTF_8)).isNotNull();
        return e;
    }

    static ProtocolException failure(String json) {
        return failure(utf8(json));
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static String text(JsonSlice slice) {
        return slice.toString();
    }
}
