package dev.hivecast.loadtest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The client-to-tracker messages of the load test, as text frames shaped like P2P Media Loader's
 * (fixtures README, "Field sets and order"): ASCII info_hash and peer_id, binary offer_id, offers
 * and answers as {@code {"type","sdp"}} objects. The SDP texts are escaped once at start-up;
 * a frame is then a handful of appends, so the generator spends its CPU on sockets, not JSON.
 */
final class ClientFrames {

    private static final String PEER_ID_PREFIX = "-HC0100-";
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private final String[] offerHeads;
    private final String[] answerBodies;

    /** @param offerSdps,answerSdps the SDP texts a frame picks from (see {@link SyntheticSdp}) */
    ClientFrames(List<String> offerSdps, List<String> answerSdps) {
        offerHeads = new String[offerSdps.size()];
        for (int i = 0; i < offerHeads.length; i++) {
            StringBuilder sb = new StringBuilder("{\"offer\":{\"type\":\"offer\",\"sdp\":");
            quote(sb, offerSdps.get(i));
            offerHeads[i] = sb.append("},\"offer_id\":").toString();
        }
        answerBodies = new String[answerSdps.size()];
        for (int i = 0; i < answerBodies.length; i++) {
            StringBuilder sb = new StringBuilder("{\"type\":\"answer\",\"sdp\":");
            quote(sb, answerSdps.get(i));
            answerBodies[i] = sb.append('}').toString();
        }
    }

    /**
     * An announce. {@code started} writes {@code "event":"started"}; otherwise the event key is
     * left out, as the bittorrent-tracker client and P2P Media Loader do for periodic updates.
     * {@code offerIds} may be empty ({@code "offers":[]}, as the idle mode sends).
     */
    String announce(boolean started, String infoHash, String peerId, int numwant, String[] offerIds, SplittableRandom random) {
        StringBuilder sb = new StringBuilder(128 + offerIds.length * (offerHeads[0].length() + 48));
        sb.append("{\"numwant\":").append(numwant).append(",\"uploaded\":0,\"downloaded\":0,");
        if (started) {
            sb.append("\"event\":\"started\",");
        }
        sb.append("\"action\":\"announce\",\"info_hash\":");
        quote(sb, infoHash);
        sb.append(",\"peer_id\":");
        quote(sb, peerId);
        sb.append(",\"offers\":[");
        for (int i = 0; i < offerIds.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(offerHeads[random.nextInt(offerHeads.length)]);
            quote(sb, offerIds[i]);
            sb.append('}');
        }
        return sb.append("]}").toString();
    }

    /**
     * A {@code stopped} announce: the bittorrent-tracker client sends its default fields and no
     * offers when it leaves a swarm (websocket-tracker.js sends stopped and completed as they are).
     */
    String stopped(String infoHash, String peerId) {
        StringBuilder sb = new StringBuilder(160);
        sb.append("{\"numwant\":50,\"uploaded\":0,\"downloaded\":0,\"event\":\"stopped\",\"action\":\"announce\",\"info_hash\":");
        quote(sb, infoHash);
        sb.append(",\"peer_id\":");
        quote(sb, peerId);
        return sb.append('}').toString();
    }

    /** The answer of {@code peerId} to the offer {@code offerId} that {@code toPeerId} sent. */
    String answer(String infoHash, String peerId, String toPeerId, String offerId, SplittableRandom random) {
        String body = answerBodies[random.nextInt(answerBodies.length)];
        StringBuilder sb = new StringBuilder(body.length() + 200);
        sb.append("{\"action\":\"announce\",\"info_hash\":");
        quote(sb, infoHash);
        sb.append(",\"peer_id\":");
        quote(sb, peerId);
        sb.append(",\"to_peer_id\":");
        quote(sb, toPeerId);
        sb.append(",\"answer\":").append(body).append(",\"offer_id\":");
        quote(sb, offerId);
        return sb.append('}').toString();
    }

    /**
     * Swarm {@code index}'s info_hash the way P2P Media Loader derives one: base64 of the first 15
     * bytes of a SHA-1, i.e. 20 ASCII characters (with {@code +} and {@code /}).
     */
    static String infoHash(int index) {
        return infoHash(index, 0);
    }

    /** Rendition {@code rendition} of stream {@code index}; rendition 0 is {@link #infoHash(int)}. */
    static String infoHash(int index, int rendition) {
        String name = "hivecast-load-test-swarm-" + index + (rendition == 0 ? "" : "-rendition-" + rendition);
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest(name.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(Arrays.copyOf(sha1, 15));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-1", e);
        }
    }

    /** Connection {@code index}'s peer_id: an Azureus-style prefix and 12 base62 digits, unique per index. */
    static String peerId(long index) {
        char[] digits = new char[12];
        long v = index;
        for (int i = digits.length - 1; i >= 0; i--) {
            digits[i] = BASE62.charAt((int) (v % 62));
            v /= 62;
        }
        return PEER_ID_PREFIX + new String(digits);
    }

    /** A fresh offer_id: 20 random bytes as a binary string, as the bittorrent-tracker client makes them. */
    static String offerId(SplittableRandom random) {
        char[] chars = new char[20];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = (char) random.nextInt(256);
        }
        return new String(chars);
    }

    /**
     * Appends {@code s} as a JSON string the way JavaScript's JSON.stringify writes it (short
     * escapes, lowercase {@code \}{@code u00xx} for other controls, everything else as is), so
     * binary ids look on the wire exactly as real clients send them.
     */
    static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0, n = s.length(); i < n; i++) {
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
                    if (c < 0x20) {
                        sb.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xF, 16));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
