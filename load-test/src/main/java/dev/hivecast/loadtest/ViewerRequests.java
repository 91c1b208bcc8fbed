package dev.hivecast.loadtest;

import dev.hivecast.protocol.AnswerRequest;
import dev.hivecast.protocol.ClientAnnounce;
import dev.hivecast.protocol.ClientCodec;
import dev.hivecast.protocol.Event;
import dev.hivecast.protocol.InfoHash;
import dev.hivecast.protocol.JsonSlice;
import dev.hivecast.protocol.Offer;
import dev.hivecast.protocol.PeerId;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What a simulated player sends, written by the protocol module's client codec in P2P Media
 * Loader's shape. The {@code {"type","sdp"}} objects are encoded once at start-up; a frame is then
 * a few array copies into one exactly sized array, so the generator, which shares the machine with
 * the tracker in benchmarks, spends its CPU on sockets, not JSON.
 */
final class ViewerRequests {

    /** The bittorrent-tracker client's default numwant, which it sends with stopped. */
    private static final int STOPPED_NUMWANT = 50;

    private final ClientCodec codec = new ClientCodec();
    private final JsonSlice[] offerSdps;
    private final JsonSlice[] answerSdps;

    /** @param offerSdps,answerSdps the SDP texts a frame picks from (see {@link SyntheticSdp}) */
    ViewerRequests(List<String> offerSdps, List<String> answerSdps) {
        this.offerSdps = offerSdps.stream().map(s -> ClientCodec.sessionDescription("offer", s)).toArray(JsonSlice[]::new);
        this.answerSdps = answerSdps.stream().map(s -> ClientCodec.sessionDescription("answer", s)).toArray(JsonSlice[]::new);
    }

    ClientCodec codec() {
        return codec;
    }

    /**
     * An announce. {@code started} writes {@code "event":"started"}; otherwise the event key is
     * left out, as the bittorrent-tracker client and P2P Media Loader do for periodic updates.
     * {@code offerIds} may be empty ({@code "offers":[]}, as the idle mode sends).
     */
    byte[] announce(boolean started, InfoHash infoHash, PeerId peerId, int numwant, String[] offerIds, SplittableRandom random) {
        Offer[] offers = new Offer[offerIds.length];
        for (int i = 0; i < offers.length; i++) {
            offers[i] = new Offer(offerIds[i], offerSdps[random.nextInt(offerSdps.length)]);
        }
        return codec.encode(new ClientAnnounce(infoHash, peerId, started ? Event.STARTED : Event.UPDATE, numwant,
                0, 0, ClientAnnounce.LEFT_ABSENT, List.of(offers)));
    }

    /** A {@code stopped} announce, without offers, as a client leaving a swarm sends it. */
    byte[] stopped(InfoHash infoHash, PeerId peerId) {
        return codec.encode(ClientAnnounce.of(infoHash, peerId).withNumwant(STOPPED_NUMWANT).withEvent(Event.STOPPED));
    }

    /** The answer of {@code peerId} to the offer {@code offerId} that {@code toPeerId} sent. */
    byte[] answer(InfoHash infoHash, PeerId peerId, PeerId toPeerId, String offerId, SplittableRandom random) {
        return codec.encode(new AnswerRequest(infoHash, peerId, toPeerId, offerId, answerSdps[random.nextInt(answerSdps.length)]));
    }
}
