package dev.hivecast.protocol;

/** A peer's self-chosen id, one per (connection, swarm); bound to its connection by the tracker. */
public final class PeerId extends Id20 {

    public PeerId(byte[] bytes) {
        super(bytes);
    }

    /** Parses a 20-character binary string; null when it is not one (see {@link Id20}). */
    public static PeerId fromBinaryString(String s) {
        byte[] bytes = bytesOf(s);
        return bytes == null ? null : new PeerId(bytes);
    }
}
