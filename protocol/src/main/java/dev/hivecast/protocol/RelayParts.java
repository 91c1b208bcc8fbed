package dev.hivecast.protocol;

/**
 * A relayed offer or answer as the three pieces its bytes are made of: the constant opening
 * ({@code {"action":"announce","offer":}), the offer or answer object as the client sent it (a
 * slice of the received frame, not copied), and the rest ({@code ,"offer_id":…,"peer_id":…,
 * "info_hash":…}}). The transport writes them straight into the outgoing frame, so the ~1.3 KB
 * of SDP is copied once, from the frame it came in to the frame it leaves in.
 */
public record RelayParts(byte[] head, JsonSlice body, byte[] tail) {

    /** Bytes of the whole message. */
    public int length() {
        return head.length + body.length() + tail.length;
    }

    /** The whole message in one array, for writers that cannot take the pieces. */
    public byte[] toByteArray() {
        byte[] whole = new byte[length()];
        System.arraycopy(head, 0, whole, 0, head.length);
        System.arraycopy(body.bytes(), body.offset(), whole, head.length, body.length());
        System.arraycopy(tail, 0, whole, head.length + body.length(), tail.length);
        return whole;
    }
}
