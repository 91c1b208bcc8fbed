package dev.hivecast.protocol;

import java.util.List;

/**
 * {@code action: "announce"} without an {@code answer}: presence in a swarm plus offers to relay.
 *
 * @param complete true only for {@code left: 0}; absent, null, non-numeric or positive
 *                 {@code left} means incomplete (P2P Media Loader never sends {@code left};
 *                 the reference counts {@code null} as a seeder, a bug we do not copy)
 * @param numwant  the integer {@code numwant}, or -1 when absent or not a non-negative integer
 * @param offers   the valid offers, at most the codec's offer cap (surplus silently dropped)
 * @param uploaded   bytes the client says it sent to peers in this swarm since it started
 *                   (webtorrent's running total; P2P Media Loader always sends 0), or
 *                   {@link #NOT_REPORTED} when absent or not a non-negative integral number
 * @param downloaded the same for bytes received (from peers and web seeds alike)
 */
public record AnnounceRequest(
        InfoHash infoHash,
        PeerId peerId,
        Event event,
        boolean complete,
        int numwant,
        List<Offer> offers,
        long uploaded,
        long downloaded) implements InMessage {

    public static final int NUMWANT_ABSENT = -1;
    public static final long NOT_REPORTED = -1;

    /** An announce that reports no byte counts. */
    public AnnounceRequest(InfoHash infoHash, PeerId peerId, Event event, boolean complete, int numwant,
                           List<Offer> offers) {
        this(infoHash, peerId, event, complete, numwant, offers, NOT_REPORTED, NOT_REPORTED);
    }
}
