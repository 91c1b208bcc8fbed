package dev.hivecast.loadtest;

import dev.hivecast.protocol.AnnounceRequest;
import dev.hivecast.protocol.AnswerRequest;
import dev.hivecast.protocol.CodecLimits;
import dev.hivecast.protocol.Event;
import dev.hivecast.protocol.InMessage;
import dev.hivecast.protocol.InfoHash;
import dev.hivecast.protocol.PeerId;
import dev.hivecast.protocol.ProtocolException;
import dev.hivecast.protocol.TrackerCodec;
import java.util.SplittableRandom;

/**
 * Proves before the run that the frames the generator will send are valid requests, by reading
 * them with the tracker's own codec: a run whose every announce is refused would measure nothing.
 */
final class FrameCheck {

    private FrameCheck() {
    }

    /** @throws IllegalStateException naming the first frame that does not read back as built */
    static void verify(ViewerRequests frames, int offers) {
        TrackerCodec codec = new TrackerCodec(new CodecLimits(Math.max(offers, 1), 64, 1, 32));
        SplittableRandom random = new SplittableRandom(1);
        InfoHash infoHash = GeneratedIds.infoHash(0);
        PeerId peerId = GeneratedIds.peerId(0);
        String[] ids = new String[offers];
        for (int i = 0; i < offers; i++) {
            ids[i] = GeneratedIds.offerId(random);
        }
        for (boolean started : new boolean[] {true, false}) {
            InMessage m = parse(codec, frames.announce(started, infoHash, peerId, offers, ids, random));
            if (!(m instanceof AnnounceRequest a) || a.offers().size() != offers
                    || a.event() != (started ? Event.STARTED : Event.UPDATE)
                    || !a.peerId().equals(peerId) || !a.infoHash().equals(infoHash)
                    || (offers > 0 && !a.offers().get(offers - 1).offerId().equals(ids[offers - 1]))) {
                throw new IllegalStateException("a generated announce reads back as " + m);
            }
        }
        InMessage stopped = parse(codec, frames.stopped(infoHash, peerId));
        if (!(stopped instanceof AnnounceRequest s) || s.event() != Event.STOPPED || !s.offers().isEmpty()) {
            throw new IllegalStateException("a generated stopped announce reads back as " + stopped);
        }
        PeerId toPeer = GeneratedIds.peerId(1);
        String offerId = GeneratedIds.offerId(random);
        InMessage m = parse(codec, frames.answer(infoHash, peerId, toPeer, offerId, random));
        if (!(m instanceof AnswerRequest a) || !a.offerId().equals(offerId)
                || !a.toPeerId().equals(toPeer)) {
            throw new IllegalStateException("a generated answer reads back as " + m);
        }
    }

    private static InMessage parse(TrackerCodec codec, byte[] frame) {
        try {
            return codec.parse(frame);
        } catch (ProtocolException e) {
            throw new IllegalStateException("the tracker codec refuses a generated frame: " + e.getMessage(), e);
        }
    }
}
