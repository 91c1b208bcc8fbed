package dev.hivecast.loadtest;

import dev.hivecast.protocol.InfoHash;
import dev.hivecast.protocol.PeerId;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A viewer's place on the rendition ladder of the stream it watches. P2P Media Loader puts each
 * rendition (quality level) of a stream in its own swarm, and when the player's adaptive bitrate
 * logic changes level it destroys the old rendition's tracker client and starts a new one. All
 * clients of a page share one WebSocket per tracker URL (bittorrent-tracker's client keeps a
 * socket pool), so on the wire a switch is {@code stopped} for the old info_hash, then
 * {@code started} with fresh offers for the new one, on the same connection.
 *
 * <p>Rendition 0 of stream c has the plain swarm hash {@code GeneratedIds.infoHash(c)}, so a
 * run with one rendition announces exactly what it did before switches existed. Not thread-safe:
 * owned by one viewer on its event loop.
 */
final class RenditionLadder {

    private final int stream;
    private final int renditions;
    private int rung;
    private InfoHash infoHash;

    RenditionLadder(int stream, int renditions, int rung) {
        if (renditions < 1 || rung < 0 || rung >= renditions) {
            throw new IllegalArgumentException("rung " + rung + " of " + renditions);
        }
        this.stream = stream;
        this.renditions = renditions;
        this.rung = rung;
        this.infoHash = GeneratedIds.infoHash(stream, rung);
    }

    InfoHash infoHash() {
        return infoHash;
    }

    int rung() {
        return rung;
    }

    /**
     * Moves one level up or down, as adaptive bitrate logic steps (at either end, inwards), and
     * returns the two frames of the switch: {@code stopped} on the old info_hash, then
     * {@code started} with {@code offerIds.length} offers on the new one.
     */
    List<byte[]> switchFrames(ViewerRequests requests, PeerId peerId, String[] offerIds, SplittableRandom random) {
        if (renditions < 2) {
            throw new IllegalStateException("a stream with one rendition has nowhere to switch to");
        }
        InfoHash old = infoHash;
        boolean up = rung == 0 || (rung < renditions - 1 && random.nextBoolean());
        rung += up ? 1 : -1;
        infoHash = GeneratedIds.infoHash(stream, rung);
        return List.of(requests.stopped(old, peerId),
                requests.announce(true, infoHash, peerId, offerIds.length, offerIds, random));
    }

    /**
     * Whether the re-announce now due is a switch instead, under {@code --switch-probability p}:
     * each re-announce independently with probability p.
     */
    static boolean switchAtReannounce(double probability, SplittableRandom random) {
        return probability > 0 && random.nextDouble() < probability;
    }
}
