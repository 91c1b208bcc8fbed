package dev.hivecast.loadtest;

import dev.hivecast.protocol.InfoHash;
import dev.hivecast.protocol.PeerId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.SplittableRandom;

/**
 * The ids of the simulated players, shaped like P2P Media Loader's in the golden fixtures (how ids are
 * encoded on the wire): ASCII info_hash and peer_id, binary offer_id. Every generator process
 * derives the same swarm ids from the same numbers, so several of them fill the same swarms.
 */
final class GeneratedIds {

    private static final String PEER_ID_PREFIX = "-HC0100-";
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private GeneratedIds() {
    }

    /**
     * Swarm {@code index}'s info_hash the way P2P Media Loader derives one: base64 of the first 15
     * bytes of a SHA-1, i.e. 20 ASCII characters (with {@code +} and {@code /}).
     */
    static InfoHash infoHash(int index) {
        return infoHash(index, 0);
    }

    /** Rendition {@code rendition} of stream {@code index}; rendition 0 is {@link #infoHash(int)}. */
    static InfoHash infoHash(int index, int rendition) {
        String name = "hivecast-load-test-swarm-" + index + (rendition == 0 ? "" : "-rendition-" + rendition);
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest(name.getBytes(StandardCharsets.UTF_8));
            return InfoHash.fromBinaryString(Base64.getEncoder().encodeToString(Arrays.copyOf(sha1, 15)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-1", e);
        }
    }

    /** Connection {@code index}'s peer_id: an Azureus-style prefix and 12 base62 digits, unique per index. */
    static PeerId peerId(long index) {
        char[] digits = new char[12];
        long v = index;
        for (int i = digits.length - 1; i >= 0; i--) {
            digits[i] = BASE62.charAt((int) (v % 62));
            v /= 62;
        }
        return PeerId.fromBinaryString(PEER_ID_PREFIX + new String(digits));
    }

    /**
     * The number {@link #peerId(long)} made {@code id} from, or -1 when it is not one of the
     * generator's peer_ids (another client on the same tracker).
     */
    static long peerNumber(PeerId id) {
        for (int i = 0; i < PEER_ID_PREFIX.length(); i++) {
            if (id.byteAt(i) != PEER_ID_PREFIX.charAt(i)) {
                return -1;
            }
        }
        long v = 0;
        for (int i = PEER_ID_PREFIX.length(); i < 20; i++) {
            int digit = BASE62.indexOf(id.byteAt(i));
            if (digit < 0 || v > (Long.MAX_VALUE - digit) / 62) {
                return -1;
            }
            v = v * 62 + digit;
        }
        return v;
    }

    /** A fresh offer_id: 20 random bytes as a binary string, as the bittorrent-tracker client makes them. */
    static String offerId(SplittableRandom random) {
        char[] chars = new char[20];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = (char) random.nextInt(256);
        }
        return new String(chars);
    }
}
