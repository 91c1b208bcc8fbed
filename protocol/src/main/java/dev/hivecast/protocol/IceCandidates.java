package dev.hivecast.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Which kinds of ICE candidate an offer's SDP carries, read from the offer's bytes as they arrived
 * (the JSON text, escapes and all) without copying or decoding them. Clients that gather before
 * they offer ({@code bittorrent-tracker}'s simple-peer with trickle off, P2P Media Loader) put their
 * candidates in the SDP as {@code a=candidate:<foundation> <component> <transport> <priority>
 * <address> <port> typ <kind> ...} lines (RFC 8839 section 5.1); a viewer whose offer has host
 * candidates only could not reach its STUN server, or was given none.
 *
 * <p>In the JSON text a line break is the escape {@code \r\n}, so a line starts after {@code \n}
 * (or the opening quote of the string) and ends at the next backslash or quote; JSON.stringify
 * escapes nothing inside a candidate line, so the line is read as it is.
 */
public final class IceCandidates {

    /** A candidate's {@code typ}, with host split by whether its address is an mDNS name. */
    public enum Kind {
        HOST("host"), MDNS("mdns"), SRFLX("srflx"), PRFLX("prflx"), RELAY("relay");

        private final String label;
        private final byte[] word;

        Kind(String label) {
            this.label = label;
            // Not ascii(): a Kind used first (the meters) must not start the outer class's initialiser.
            this.word = label.getBytes(StandardCharsets.US_ASCII);
        }

        /** The metric label: {@code typ}'s own word, {@code mdns} for a host candidate named {@code *.local}. */
        public String label() {
            return label;
        }

        /** Whether {@code kinds} (from {@link #of}) includes this kind. */
        public boolean in(int kinds) {
            return (kinds & bit()) != 0;
        }

        int bit() {
            return 1 << ordinal();
        }

        private static final Kind[] ALL = values();
    }

    private static final byte[] LINE = ascii("a=candidate:");
    private static final byte[] TYP = ascii("typ");
    private static final byte[] LOCAL = ascii(".local");
    /**
     * How far the search may jump when the byte under the pattern's last position is this one
     * (Horspool): most bytes of an SDP are not in "a=candidate:", so most steps skip 12 bytes,
     * which keeps the per-offer cost well under the cost of relaying it.
     */
    private static final int[] SKIP = new int[256];

    static {
        Arrays.fill(SKIP, LINE.length);
        for (int i = 0; i < LINE.length - 1; i++) {
            SKIP[LINE[i] & 0xff] = LINE.length - 1 - i;
        }
    }

    private IceCandidates() {
    }

    /** The kinds {@code offer} carries, one {@link Kind#bit()} each; 0 when it has no candidate line. */
    public static int of(JsonSlice offer) {
        return of(offer.bytes(), offer.offset(), offer.offset() + offer.length());
    }

    static int of(byte[] b, int from, int to) {
        int kinds = 0;
        int last = LINE.length - 1;
        int i = from;
        while (i + last < to) {
            int c = b[i + last] & 0xff;
            if (c == ':' && matches(b, i, LINE)) {
                if (atLineStart(b, i, from)) {
                    long read = kindOfLine(b, i + LINE.length, to);
                    kinds |= (int) read;
                    i = (int) (read >>> 32); // the rest of the line was read already, or holds nothing of ours
                } else {
                    i += LINE.length;
                }
            } else {
                i += SKIP[c];
            }
        }
        return kinds;
    }

    private static boolean atLineStart(byte[] b, int i, int from) {
        return i - 1 >= from && (b[i - 1] == '"' || b[i - 1] == '\n'
                || b[i - 1] == 'n' && i - 2 >= from && b[i - 2] == '\\');
    }

    /**
     * The kind bit of the candidate whose fields start at {@code p} (0 for a line not shaped like
     * one) in the low half, and where reading stopped in the high half: no allocation per line.
     */
    private static long kindOfLine(byte[] b, int p, int to) {
        int field = 0;
        int start = p;
        int addressStart = p;
        int addressEnd = p;
        int i = p;
        for (; i <= to; i++) {
            int c = i < to ? b[i] & 0xff : '"';
            // One comparison for most bytes; below a space is \r, \n or another control byte.
            if (c > ' ' && c != '\\' && c != '"') {
                continue;
            }
            boolean lineEnd = c != ' ';
            if (field == 4) {
                addressStart = start;
                addressEnd = i;
            } else if (field == 6 && !equals(b, start, i, TYP)) {
                break;
            } else if (field == 7) {
                return (long) i << 32 | kindBit(b, start, i, endsWith(b, addressStart, addressEnd, LOCAL));
            }
            if (lineEnd) {
                break;
            }
            field++;
            start = i + 1;
        }
        return (long) Math.min(i, to) << 32;
    }

    private static int kindBit(byte[] b, int start, int end, boolean mdnsAddress) {
        for (Kind k : Kind.ALL) {
            if (k != Kind.MDNS && equals(b, start, end, k.word)) {
                return k == Kind.HOST && mdnsAddress ? Kind.MDNS.bit() : k.bit();
            }
        }
        return 0;
    }

    private static boolean matches(byte[] b, int at, byte[] word) {
        for (int k = 0; k < word.length; k++) {
            if (b[at + k] != word[k]) {
                return false;
            }
        }
        return true;
    }

    private static boolean equals(byte[] b, int start, int end, byte[] word) {
        return end - start == word.length && matches(b, start, word);
    }

    private static boolean endsWith(byte[] b, int start, int end, byte[] word) {
        return end - start >= word.length && matches(b, end - word.length, word);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
