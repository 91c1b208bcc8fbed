package dev.hivecast.loadtest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * WebRTC data-channel SDP texts shaped like the captured ones (the golden fixtures):
 * CRLF line ends, a libwebrtc header, one udp host candidate plus tcp candidates on 127.0.0.1
 * (Node clients send several, which is what makes their offers 0.6-2.1 KB), ufrag, pwd and a
 * sha-256 fingerprint. Offers also carry a server-reflexive candidate, as a browser's with STUN
 * does. The tracker copies the bytes, and the CRLFs become {@code \r\n} escapes on the wire, so
 * size and escaping matter; it also reads offers for their candidate kinds (insight.ice-candidates),
 * so the candidate lines are there for that reading to do its real work.
 * Each text has the requested number of characters (a final padding attribute fills the rest; a
 * gap of 10 characters or fewer is left open), so frame sizes in a report are known.
 */
final class SyntheticSdp {

    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    private SyntheticSdp() {
    }

    /** {@code count} distinct offer SDPs of exactly {@code size} characters. */
    static List<String> offers(int count, int size, SplittableRandom random) {
        List<String> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            list.add(build("actpass", size, true, random));
        }
        return list;
    }

    /** {@code count} distinct answer SDPs of exactly {@code size} characters. */
    static List<String> answers(int count, int size, SplittableRandom random) {
        List<String> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            list.add(build("active", size, false, random));
        }
        return list;
    }

    private static String build(String setup, int size, boolean tcpCandidates, SplittableRandom random) {
        int port = 30_000 + random.nextInt(30_000);
        StringBuilder head = new StringBuilder(size)
                .append("v=0\r\n")
                .append("o=- ").append(Math.abs(random.nextLong() % 9_000_000_000_000_000_000L)).append(" 2 IN IP4 127.0.0.1\r\n")
                .append("s=-\r\nt=0 0\r\na=group:BUNDLE 0\r\na=extmap-allow-mixed\r\na=msid-semantic: WMS\r\n")
                .append("m=application ").append(port).append(" UDP/DTLS/SCTP webrtc-datachannel\r\n")
                .append("c=IN IP4 127.0.0.1\r\n")
                .append(candidate(random, "udp", 2_122_260_223L, port, 1, ""));
        if (tcpCandidates) {
            head.append(String.format(Locale.ROOT, "a=candidate:%d 1 udp 1686052607 203.0.113.%d %d typ srflx raddr"
                    + " 127.0.0.1 rport %d generation 0 network-id 1 network-cost 50\r\n",
                    random.nextLong(1L << 32), 1 + random.nextInt(254), port, port));
        }
        StringBuilder tail = new StringBuilder()
                .append("a=ice-ufrag:").append(token(random, 4)).append("\r\n")
                .append("a=ice-pwd:").append(token(random, 24)).append("\r\n")
                .append("a=ice-options:trickle\r\n")
                .append("a=fingerprint:sha-256 ").append(fingerprint(random)).append("\r\n")
                .append("a=setup:").append(setup).append("\r\n")
                .append("a=mid:0\r\na=sctp-port:5000\r\na=max-message-size:262144\r\n");
        int network = 2;
        while (tcpCandidates) {
            String next = candidate(random, "tcp", 1_518_280_447L - network, 9, network, " tcptype active");
            if (head.length() + next.length() + tail.length() + 24 > size) {
                break;
            }
            head.append(next);
            network++;
        }
        head.append(tail);
        String padPrefix = "a=x-pad:";
        int missing = size - head.length();
        if (missing > padPrefix.length() + 2) {
            head.append(padPrefix).append("0".repeat(missing - padPrefix.length() - 2)).append("\r\n");
        }
        return head.length() > size ? head.substring(0, size) : head.toString();
    }

    private static String candidate(SplittableRandom random, String protocol, long priority, int port, int network, String extra) {
        return String.format(Locale.ROOT, "a=candidate:%d 1 %s %d 127.0.0.1 %d typ host%s generation 0 network-id %d network-cost 50\r\n",
                random.nextLong(1L << 32), protocol, priority, port, extra, network);
    }

    private static String token(SplittableRandom random, int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = ALNUM.charAt(random.nextInt(ALNUM.length()));
        }
        return new String(chars);
    }

    private static String fingerprint(SplittableRandom random) {
        StringBuilder sb = new StringBuilder(95);
        for (int i = 0; i < 32; i++) {
            if (i > 0) {
                sb.append(':');
            }
            sb.append(String.format(Locale.ROOT, "%02X", random.nextInt(256)));
        }
        return sb.toString();
    }
}
