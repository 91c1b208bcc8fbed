package dev.hivecast.tracker.swarm;

import dev.hivecast.protocol.AnnounceRequest;
import dev.hivecast.protocol.AnswerMessage;
import dev.hivecast.protocol.AnswerRequest;
import dev.hivecast.protocol.ErrorResponse;
import dev.hivecast.protocol.InfoHash;
import dev.hivecast.protocol.Offer;
import dev.hivecast.protocol.OfferMessage;
import dev.hivecast.protocol.PeerId;
import dev.hivecast.tracker.swarm.NodeMessage.RemoteAnswer;
import dev.hivecast.tracker.swarm.NodeMessage.RemoteOffers;
import dev.hivecast.tracker.swarm.OfferOrigin.Local;
import dev.hivecast.tracker.swarm.OfferOrigin.Remote;
import dev.hivecast.tracker.swarm.LoopMessage.ForwardedAnswer;
import dev.hivecast.tracker.swarm.LoopMessage.ForwardedOffers;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * The signaling half of a shard: who receives an announce's offers, and where an answer goes.
 * Offers go to members of the shard's own slice, other shards of the node and other nodes, as
 * {@link OfferRouting} says; every delivered offer leaves a pairing record on the receiver's
 * session naming its {@link OfferOrigin}, so the answer goes straight back to the offering
 * connection, wherever it is. Runs on its shard's thread only.
 */
final class SignalRelay {

    static final String NO_MATCHING_OFFER =
            "Could not find the offer corresponding to your answer. It may have expired.";

    private final int index;
    private final SliceDirectory directory;
    private final Map<InfoHash, SwarmSlice> slices;
    private final RemoteSwarms remote;
    private final RandomGenerator random;
    private final LongSupplier nanoClock;
    private final long offerTtl;
    private final boolean pairAnswers;
    private final OfferRouting routing;
    private Member[] picked = new Member[32];

    /** @param slices the owning shard's slices, read (never written) here */
    SignalRelay(int index, SliceDirectory directory, Map<InfoHash, SwarmSlice> slices, RemoteSwarms remote,
                SwarmSettings settings, LongSupplier nanoClock, RandomGenerator random) {
        this.index = index;
        this.directory = directory;
        this.slices = slices;
        this.remote = remote;
        this.random = random;
        this.nanoClock = nanoClock;
        this.offerTtl = settings.offerTtl().toNanos();
        this.pairAnswers = settings.pairAnswers();
        this.routing = settings.offerRouting();
    }

    void relayOffers(Member offerer, AnnounceRequest request, Outbox out, long now) {
        List<Offer> offers = request.offers();
        int wanted = request.numwant() >= 0 ? Math.min(offers.size(), request.numwant()) : offers.size();
        int own = Math.max(0, offerer.slice.size() - 1);
        if (routing == OfferRouting.LOCAL_FIRST && own >= wanted) {
            deliverHere(offerer, request.infoHash(), offers.subList(0, wanted), out, now); // the common case
            return;
        }
        Destinations d = destinations(offerer.slice.infoHash(), own);
        int[] given = new int[d.room.length];
        if (routing == OfferRouting.LOCAL_FIRST) {
            // Own loop, then the rest of this node, then other nodes: each stage only when the
            // one before has no member left without an offer.
            int placed = OfferSplit.split(wanted, d.stage(0, 1), given, random);
            placed += OfferSplit.split(wanted - placed, d.stage(1, d.shards), given, random);
            OfferSplit.split(wanted - placed, d.stage(d.shards, d.room.length), given, random);
        } else {
            OfferSplit.split(wanted, d.room.clone(), given, random);
        }
        send(offerer, request.infoHash(), offers, d, given, out, now);
    }

    /**
     * Candidates per destination: index 0 is this shard's slice (minus the offerer), 1..shards-1
     * the other shards of this node in order, then the other nodes of the cluster.
     */
    private Destinations destinations(InfoHash infoHash, int own) {
        SliceDirectory.Entry entry = directory.entry(infoHash);
        int shards = directory.shards();
        RemoteView view = remote.viewOf(infoHash);
        List<RemoteView.NodeMembers> nodes = view.nodes();
        int[] room = new int[shards + nodes.size()];
        int[] shardOf = new int[shards];
        room[0] = own;
        shardOf[0] = index;
        for (int k = 0, slot = 1; k < shards; k++) {
            if (k != index) {
                SwarmSlice s = entry == null ? null : entry.slice(k);
                room[slot] = s == null ? 0 : s.size();
                shardOf[slot++] = k;
            }
        }
        for (int n = 0; n < nodes.size(); n++) {
            room[shards + n] = nodes.get(n).members();
        }
        return new Destinations(room, shardOf, shards, nodes);
    }

    private record Destinations(int[] room, int[] shardOf, int shards, List<RemoteView.NodeMembers> nodes) {
        /** A copy of the rooms with only {@code [from, to)} left open. */
        int[] stage(int from, int to) {
            int[] r = new int[room.length];
            System.arraycopy(room, from, r, from, to - from);
            return r;
        }
    }

    private void send(Member offerer, InfoHash infoHash, List<Offer> offers, Destinations d, int[] given,
                      Outbox out, long now) {
        int from = given[0];
        deliverHere(offerer, infoHash, offers.subList(0, from), out, now);
        for (int slot = 1; slot < given.length; slot++) {
            if (given[slot] == 0) {
                continue;
            }
            List<Offer> part = List.copyOf(offers.subList(from, from + given[slot]));
            from += given[slot];
            if (slot < d.shards) {
                out.toShard(d.shardOf[slot], new ForwardedOffers(infoHash, offerer.peerId, new Local(offerer.session), part));
            } else {
                String node = d.nodes.get(slot - d.shards).nodeId();
                out.toNode(node, new RemoteOffers(infoHash, offerer.peerId, offerer.session.id(), part));
            }
        }
        // Offers beyond the swarm's other members are surplus, silently unused (PROTOCOL.md 9.26).
    }

    private void deliverHere(Member offerer, InfoHash infoHash, List<Offer> offers, Outbox out, long now) {
        Member[] targets = scratch(offers.size());
        int n = offerer.slice.pickRandom(offers.size(), offerer.peerId, random, targets);
        Local origin = new Local(offerer.session);
        for (int i = 0; i < n; i++) {
            deliverOffer(targets[i], infoHash, offerer.peerId, origin, offers.get(i), out, now);
        }
    }

    private void deliverOffer(Member target, InfoHash infoHash, PeerId offerer, OfferOrigin origin, Offer offer,
                              Outbox out, long now) {
        if (target.session.pendingOffers().remember(offer.offerId(),
                new PendingOffers.Pending(infoHash, offerer, origin, target.peerId, now + offerTtl))) {
            out.dropped(Drop.OFFER_EXPIRED); // the receiver's oldest unanswered offer was forgotten
        }
        out.send(target.session, new OfferMessage(infoHash, offerer, offer.offerId(), offer.offer()));
    }

    /** Offers another shard or node sent here: one random member of this shard's slice each. */
    void deliverForwardedOffers(ForwardedOffers f, Outbox out) {
        SwarmSlice slice = slices.get(f.infoHash());
        List<Offer> offers = f.offers();
        Member[] targets = scratch(offers.size());
        int n = slice == null ? 0 : slice.pickRandom(offers.size(), f.offerer(), random, targets);
        long now = nanoClock.getAsLong();
        for (int i = 0; i < n; i++) {
            deliverOffer(targets[i], f.infoHash(), f.offerer(), f.origin(), offers.get(i), out, now);
        }
        for (int i = n; i < offers.size(); i++) {
            out.dropped(Drop.OFFER_NO_CANDIDATE);
        }
    }

    void handleAnswer(Connection session, Member self, AnswerRequest request, Outbox out, long now) {
        InfoHash infoHash = request.infoHash();
        PendingOffers.Pending pending =
                session.pendingOffers().take(request.offerId(), infoHash, request.toPeerId(), now);
        if (pending == PendingOffers.EXPIRED) {
            out.dropped(Drop.OFFER_EXPIRED); // answered too late
            pending = null;
        }
        if (pending != null) {
            out.offerAnswered(now - (pending.expiresAt() - offerTtl));
            AnswerMessage answer = new AnswerMessage(infoHash, pending.receiver(), request.offerId(), request.answer());
            sendBack(pending, answer, out);
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

    private void sendBack(PendingOffers.Pending pending, AnswerMessage answer, Outbox out) {
        if (pending.origin() instanceof Local local) {
            if (local.session().shard() == index) {
                deliverAnswer(local.session(), answer, out);
            } else {
                out.toShard(local.session().shard(), new ForwardedAnswer(local.session(), pending.offerer(), answer));
            }
        } else if (pending.origin() instanceof Remote remoteOrigin) {
            out.toNode(remoteOrigin.nodeId(), new RemoteAnswer(remoteOrigin.sessionId(), answer));
        }
    }

    private void deliverAnswer(Connection offerer, AnswerMessage answer, Outbox out) {
        if (offerer.isOpen()) {
            out.send(offerer, answer);
        } else {
            out.dropped(Drop.ANSWER_UNKNOWN_PEER);
        }
    }

    /**
     * Pairing off and no pairing record (a client that changed its peer_id): find
     * {@code to_peer_id} here, else ask every other shard of this node holding the swarm. Other
     * nodes are not asked: without the record nothing says which node holds that peer.
     */
    private void routeUnpairedAnswer(PeerId target, AnswerMessage answer, Outbox out) {
        SwarmSlice local = slices.get(answer.infoHash());
        Member m = local == null ? null : local.get(target);
        if (m != null) {
            out.send(m.session, answer);
            return;
        }
        SliceDirectory.Entry entry = directory.entry(answer.infoHash());
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
    }
}
