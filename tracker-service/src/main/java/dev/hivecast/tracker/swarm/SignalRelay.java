package dev.hivecast.tracker.swarm;

import dev.hivecast.tracker.protocol.AnnounceRequest;
import dev.hivecast.tracker.protocol.AnswerMessage;
import dev.hivecast.tracker.protocol.AnswerRequest;
import dev.hivecast.tracker.protocol.ErrorResponse;
import dev.hivecast.tracker.protocol.InfoHash;
import dev.hivecast.tracker.protocol.Offer;
import dev.hivecast.tracker.protocol.OfferMessage;
import dev.hivecast.tracker.protocol.PeerId;
import dev.hivecast.tracker.swarm.ShardMessage.ForwardedAnswer;
import dev.hivecast.tracker.swarm.ShardMessage.ForwardedOffers;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * The signaling half of a shard: who receives an announce's offers, and where an answer goes.
 * Offers go to members of the shard's own slice first and the rest to other shards; every
 * delivered offer leaves a pairing record on the receiver's session, which later sends the
 * answer straight back to the offering connection. Runs on its shard's thread only.
 */
final class SignalRelay {

    static final String NO_MATCHING_OFFER =
            "Could not find the offer corresponding to your answer. It may have expired.";

    private final int index;
    private final SwarmDirectory directory;
    private final Map<InfoHash, SwarmSlice> slices;
    private final RandomGenerator random;
    private final LongSupplier nanoClock;
    private final long offerTtl;
    private final boolean pairAnswers;
    private Member[] picked = new Member[32];

    /** @param slices the owning shard's slices, read (never written) here */
    SignalRelay(int index, SwarmDirectory directory, Map<InfoHash, SwarmSlice> slices, SwarmSettings settings,
                LongSupplier nanoClock, RandomGenerator random) {
        this.index = index;
        this.directory = directory;
        this.slices = slices;
        this.random = random;
        this.nanoClock = nanoClock;
        this.offerTtl = settings.offerTtl().toNanos();
        this.pairAnswers = settings.pairAnswers();
    }

    void relayOffers(Member offerer, AnnounceRequest request, Outbox out, long now) {
        List<Offer> offers = request.offers();
        int wanted = request.numwant() >= 0 ? Math.min(offers.size(), request.numwant()) : offers.size();
        Member[] targets = scratch(wanted);
        int local = offerer.slice.pickRandom(wanted, offerer.peerId, random, targets);
        for (int i = 0; i < local; i++) {
            deliverOffer(targets[i], request.infoHash(), offerer.peerId, offerer.session, index, offers.get(i), out, now);
        }
        if (local < wanted) {
            forwardOffers(offerer, request.infoHash(), offers.subList(local, wanted), out);
        }
    }

    /**
     * Splits the offers the local slice could not take over the other shards holding the swarm,
     * each offer to a shard chosen with probability proportional to its members not yet given an
     * offer: with a uniform pick inside each shard this is a uniform pick over the rest of the swarm.
     * Only a forwarded offer that finds its shard emptied meanwhile counts as dropped.
     */
    private void forwardOffers(Member offerer, InfoHash infoHash, List<Offer> offers, Outbox out) {
        SwarmDirectory.Entry entry = directory.entry(infoHash);
        int shards = entry == null ? 0 : entry.shards();
        int[] room = new int[shards];
        int total = 0;
        for (int k = 0; k < shards; k++) {
            SwarmSlice s = k == index ? null : entry.slice(k);
            room[k] = s == null ? 0 : s.size();
            total += room[k];
        }
        int[] given = new int[shards];
        int sent = 0;
        for (; sent < offers.size() && total > 0; sent++) {
            int ticket = random.nextInt(total);
            int k = 0;
            while (ticket >= room[k]) {
                ticket -= room[k];
                k++;
            }
            room[k]--;
            total--;
            given[k]++;
        }
        // Offers beyond the swarm's other members are surplus, silently unused (PROTOCOL.md 9.26).
        int from = 0;
        for (int k = 0; k < shards; k++) {
            if (given[k] > 0) {
                List<Offer> part = List.copyOf(offers.subList(from, from + given[k]));
                from += given[k];
                out.toShard(k, new ForwardedOffers(infoHash, offerer.peerId, offerer.session, index, part));
            }
        }
    }

    private void deliverOffer(Member target, InfoHash infoHash, PeerId offerer, PeerSession offererSession,
                              int originShard, Offer offer, Outbox out, long now) {
        target.session.pendingOffers().remember(offer.offerId(), new PendingOffers.Pending(
                infoHash, offerer, offererSession, originShard, target.peerId, now + offerTtl));
        out.send(target.session, new OfferMessage(infoHash, offerer, offer.offerId(), offer.offer()));
    }

    void deliverForwardedOffers(ForwardedOffers f, Outbox out) {
        SwarmSlice slice = slices.get(f.infoHash());
        List<Offer> offers = f.offers();
        Member[] targets = scratch(offers.size());
        int n = slice == null ? 0 : slice.pickRandom(offers.size(), f.offerer(), random, targets);
        long now = nanoClock.getAsLong();
        for (int i = 0; i < n; i++) {
            deliverOffer(targets[i], f.infoHash(), f.offerer(), f.offererSession(), f.originShard(), offers.get(i), out, now);
        }
        for (int i = n; i < offers.size(); i++) {
            out.dropped(Drop.OFFER_NO_CANDIDATE);
        }
    }

    private void deliverAnswer(PeerSession offerer, AnswerMessage answer, Outbox out) {
        if (offerer.isOpen()) {
            out.send(offerer, answer);
        } else {
            out.dropped(Drop.ANSWER_UNKNOWN_PEER);
        }
    }

    /** Pairing off: find {@code to_peer_id} here, else ask every other shard holding the swarm. */
    private void routeUnpairedAnswer(PeerId target, AnswerMessage answer, Outbox out) {
        SwarmSlice local = slices.get(answer.infoHash());
        Member m = local == null ? null : local.get(target);
        if (m != null) {
            out.send(m.session, answer);
            return;
        }
        SwarmDirectory.Entry entry = directory.entry(answer.infoHash());
        boolean asked = false;
        for (int k = 0; entry != null && k < entry.shards(); k++) {
            if (k != index && entry.slice(k) != null) {
                out.toShard(k, new ForwardedAnswer(null, target, answer));
                asked = true;
            }
        }
        if (!asked) {
            out.dropped(Drop.ANSWER_UNKNOWN_PEER);
        }
    }

    void receiveAnswer(ForwardedAnswer a, Outbox out) {
        if (a.target() != null) {
            deliverAnswer(a.target(), a.answer(), out);
            return;
        }
        SwarmSlice slice = slices.get(a.answer().infoHash());
        Member m = slice == null ? null : slice.get(a.targetPeerId());
        if (m != null) {
            out.send(m.session, a.answer());
        }
    }

    private Member[] scratch(int size) {
        if (picked.length < size) {
            picked = new Member[Math.max(size, picked.length * 2)];
        }
        return picked;
    }    void handleAnswer(PeerSession session, Member self, AnswerRequest request, Outbox out, long now) {
        InfoHash infoHash = request.infoHash();
        PendingOffers.Pending pending =
                session.pendingOffers().take(request.offerId(), infoHash, request.toPeerId(), now);
        if (pending != null) {
            AnswerMessage answer = new AnswerMessage(infoHash, pending.receiver(), request.offerId(), request.answer());
            if (pending.originShard() == index) {
                deliverAnswer(pending.offererSession(), answer, out);
            } else {
                out.toShard(pending.originShard(), new ForwardedAnswer(pending.offererSession(), pending.offerer(), answer));
            }
            return;
        }
        if (pairAnswers) {
            out.dropped(Drop.ANSWER_UNPAIRED);
            out.send(session, new ErrorResponse("announce", infoHash, NO_MATCHING_OFFER));
            return;
        }
        PeerId answerer = self != null ? self.peerId : request.peerId();
        routeUnpairedAnswer(request.toPeerId(), new AnswerMessage(infoHash, answerer, request.offerId(), request.answer()), out);
    }

}
