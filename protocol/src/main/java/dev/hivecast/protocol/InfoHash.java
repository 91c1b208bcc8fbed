package dev.hivecast.protocol;

/** The key of a swarm: one stream rendition (P2P Media Loader) or one torrent (WebTorrent). */
public final class InfoHash extends Id20 {

    public InfoHash(byte[] bytes) {
        super(bytes);
    }

    /** Parses a 20-character binary string; null when it is not one (see {@link Id20}). */
    public static InfoHash fromBinaryString(String s) {
        byte[] bytes = bytesOf(s);
        return bytes == null ? null : new InfoHash(bytes);
    }

    /** Parses 40 hex digits (allow lists, stats URLs); null when malformed. */
    public static InfoHash fromHex(String hex) {
        byte[] bytes = HexBytes.parse20(hex);
        return bytes == null ? null : new InfoHash(bytes);
    }
}
