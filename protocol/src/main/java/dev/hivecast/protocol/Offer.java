package dev.hivecast.protocol;

/**
 * One item of an announce's {@code offers} array: the opaque {@code offer} object (relayed as it
 * arrived) and its {@code offer_id}, any string of at most the configured length (BTc sends a
 * 20-byte binary string, PMLc 20 alphanumerics; aquatic's 20-character check broke clients, BT #525).
 */
public record Offer(String offerId, JsonSlice offer) {

    /** An offer as clients write it: {@code {"type":"offer","sdp":…}}. */
    public static Offer of(String offerId, String sdp) {
        return new Offer(offerId, RequestEncoder.sessionDescription("offer", sdp));
    }
}
