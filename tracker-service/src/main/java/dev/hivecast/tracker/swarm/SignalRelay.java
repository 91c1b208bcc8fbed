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
import dev.hivecast.tracker.locality.Locality;
import dev.hivecast.tracker.locality.LocalityLevel;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * The signaling half of a loop: who receives an announce's offers, and where an answer goes.
 * Offers go to members of the loop's own slice, other loops of the node and other nodes, as
 * {@link OfferRouting} says; every delivered offer leaves a pairing record on the receiver's
 * connection naming its {@link OfferOrigin}, so the answer goes straight back to the offering
 * connection, wherever it is. Runs on its loop's thread only.
 */
final class SignalRelay {

    static final String NO_MATCHING_OFFER =
            "Could not find the offer corresponding to your answer. It may have expired.";

    private final int loopIndex;
    private final SliceDirectory directory;
    private final Map<InfoHash, SwarmSlice> slices;
    private final RemoteSwarms remote;
    private final RandomGenerator random;
    private final LongSupplier nanoClock;
    private final long offerTtl;
    private final boolean pairAnswers;
    private final OfferRouting routing;
    /** Null while locality is off: then every draw is the plain random one. */
    private final NearDraw near;
    private Member[] picked = new Member[32];

    /** @param slices the owning loop's slices, read (never written) here */
    SignalRelay(int loopIndex, SliceDirectory directory, Map<InfoHash, SwarmSlice> slices, RemoteSwarms remote,
                SwarmSettings settings, LongSupplier nanoClock, RandomGenerator random) {
        this.loopIndex = loopIndex;
        this.directory = directory;
        this.slices = slices;
        this.remote = remote;
        this.random = random;
        this.nanoClock = nanoClock;
        this.offerTtl = settings.announce().offerTtl().toNanos();
        this.pairAnswers = settings.announce().pairAnswers();
        this.routing = settings.offerRouting();
        this.near = settings.locality().enabled()
                ? new NearDraw(settings.locality().randomShare(), routing, random) : null;
    }

    void relayOffers(Member offerer, AnnounceRequest request, Outbox out, long now) {
        List<Offer> offers = request.offers();
        int wanted = OfferRouting.offersToRelay(request);
        int own = Math.max(0, offerer.slice.size() - 1);
        if (near != null) {
            relayNear(offerer, request, wanted, own, out, now);
            return;
        }
        if (routing.keepsAll(own, wanted)) {
            deliverHere(offerer, request.infoHash(), offers.subList(0, wanted), out, now); // the common case
            return;
        }
        InfoHash infoHash = request.infoHash();
        Destinations d = Destinations.of(directory, infoHash, loopIndex, own, remote.viewOf(infoHash));
        int[] given = new int[d.room().length];
        if (routing == OfferRouting.LOCAL_FIRST) {
            // Own loop, then the rest of this node, then other nodes: each stage only when the
            // one before has no member left without an offer.
            int placed = OfferSplit.split(wanted, d.stage(0, 1), given, random);
            placed += OfferSplit.split(wanted - placed, d.stage(1, d.loops()), given, random);
            OfferSplit.split(wanted - placed, d.stage(d.loops(), d.room().length), given, random);
        } else {
            OfferSplit.split(wanted, d.room().clone(), given, random);
        }
        send(offerer, request.infoHash(), offers, d, given, null, 0, out, now);
    }

    /**
     * The draw with locality: near offers first over this node's loops ({@link NearDraw}), then
     * over the other nodes that published near members ({@link NearNodes}, drawn near the offerer
     * there), the rest (the random share, and near offers no near member could take) as the plain
     * draw places them, drawn at random where they land.
     */
    private void relayNear(Member offerer, AnnounceRequest request, int wanted, int own, Outbox out, long now) {
        InfoHash infoHash = request.infoHash();
        int drawMark = near.begin(offerer);
        int nearWanted = wanted - near.randomCount(wanted, offerer.locality);
        SliceDirectory.Entry entry = directory.entry(infoHash);
        int loops = directory.loops();
        int[] nearByLoop = near.planNear(offerer, entry, loopIndex, loops, nearWanted);
        int nearPlaced = 0;
        for (int k = 0; k < loops; k++) {
            nearPlaced += nearByLoop[k];
        }
        RemoteView view = remote.viewOf(infoHash);
        int[] nearByNode = nearPlaced < nearWanted
                ? NearNodes.plan(view.nodes(), offerer.locality, nearWanted - nearPlaced, random) : null;
        if (routing.keepsAll(own, wanted) && nearByLoop[loopIndex] == nearPlaced && nearByNode == null) {
            deliverHere(offerer, infoHash, request.offers().subList(0, wanted), nearPlaced, drawMark, out, now);
            return; // the common case: nothing leaves the loop
        }
        Destinations d = Destinations.of(directory, infoHash, loopIndex, own, view);
        int[] nearGiven = new int[d.room().length];
        for (int slot = 0; slot < d.room().length; slot++) {
            nearGiven[slot] = slot < d.loops() ? nearByLoop[d.loopOf()[slot]]
                    : nearByNode == null ? 0 : nearByNode[slot - d.loops()];
            nearPlaced += slot < d.loops() ? 0 : nearGiven[slot];
            d.room()[slot] = Math.max(0, d.room()[slot] - nearGiven[slot]);
        }
        int[] given = nearGiven.clone();
        int rest = offerer.locality.closed() ? 0 : wanted - nearPlaced;
        if (routing == OfferRouting.LOCAL_FIRST) {
            int placed = OfferSplit.split(rest, d.stage(0, 1), given, random);
            placed += OfferSplit.split(rest - placed, d.stage(1, d.loops()), given, random);
            OfferSplit.split(rest - placed, d.stage(d.loops(), d.room().length), given, random);
        } else {
            OfferSplit.split(rest, d.room().clone(), given, random);
        }
        send(offerer, infoHash, request.offers(), d, given, nearGiven, drawMark, out, now);
    }

    /** @param nearGiven how many of each destination's offers go near the offerer; null while locality is off */
    private void send(Member offerer, InfoHash infoHash, List<Offer> offers, Destinations d, int[] given,
                      int[] nearGiven, int drawMark, Outbox out, long now) {
        int from = given[0];
        if (nearGiven == null) {
            deliverHere(offerer, infoHash, offers.subList(0, from), out, now);
        } else {
            deliverHere(offerer, infoHash, offers.subList(0, from), nearGiven[0], drawMark, out, now);
        }
        for (int slot = 1; slot < given.length; slot++) {
            if (given[slot] == 0) {
                continue;
            }
            List<Offer> part = List.copyOf(offers.subList(from, from + given[slot]));
            from += given[slot];
            if (slot < d.loops()) {
                Local origin = new Local(offerer.connection);
                out.toLoop(d.loopOf()[slot], nearGiven == null ? new ForwardedOffers(infoHash, offerer.peerId, origin, part)
                        : new ForwardedOffers(infoHash, offerer.peerId, origin, part, offerer.locality, nearGiven[slot]));
            } else {
                String node = d.nodes().get(slot - d.loops()).nodeId();
                int nearHere = nearGiven == null ? 0 : nearGiven[slot];
                out.toNode(node, nearHere == 0 ? new RemoteOffers(infoHash, offerer.peerId, offerer.connection.id(), part)
                        : new RemoteOffers(infoHash, offerer.peerId, offerer.connection.id(), part, offerer.locality, nearHere));
            }
        }
        // Offers beyond the swarm's other members are surplus, silently unused (docs/protocol.md#d26).
    }

    /** The offerer's own loop with locality: {@code nearCount} near members, the rest at random. */
    private void deliverHere(Member offerer, InfoHash infoHash, List<Offer> offers, int nearCount, int drawMark,
                             Outbox out, long now) {
        Member[] targets = scratch(offers.size());
        int n = near.pickInSlice(offerer.slice, offerer.locality, Math.min(nearCount, offers.size()),
                Math.max(0, offers.size() - nearCount), drawMark, targets);
        Local origin = new Local(offerer.connection);
        for (int i = 0; i < n; i++) {
            deliverOffer(targets[i], infoHash, offerer.peerId, origin, offers.get(i), offerer.locality, out, now);
        }
    }

    private void deliverHere(Member offerer, InfoHash infoHash, List<Offer> offers, Outbox out, long now) {
        Member[] targets = scratch(offers.size());
        int n = offerer.slice.pickRandom(offers.size(), offerer.peerId, random, targets);
        Local origin = new Local(offerer.connection);
        for (int i = 0; i < n; i++) {
            deliverOffer(targets[i], infoHash, offerer.peerId, origin, offers.get(i), null, out, now);
        }
    }

    /** @param from the offerer's locality, to count the offer by level; null while locality is off */
    private void deliverOffer(Member target, InfoHash infoHash, PeerId offerer, OfferOrigin origin, Offer offer,
                              Locality from, Outbox out, long now) {
        int level = LocalityLevel.NONE.ordinal();
        if (from != null) {
            level = from.sharedWith(target.locality).ordinal();
            out.offerAt(level);
        }
        if (target.connection.pendingOffers().remember(offer.offerId(),
                new PendingOffers.Pending(infoHash, offerer, origin, target.peerId, now + offerTtl, level))) {
            out.dropped(Drop.OFFER_EXPIRED); // the receiver's oldest unanswered offer was forgotten
        }
        out.send(target.connection, new OfferMessage(infoHash, offerer, offer.offerId(), offer.offer()));
    }

    /** Offers another loop or node sent here: one random member of this loop's slice each. */
    void deliverForwardedOffers(ForwardedOffers f, Outbox out) {
        SwarmSlice slice = slices.get(f.infoHash());
        List<Offer> offers = f.offers();
        Member[] targets = scratch(offers.size());
        int n;
        if (slice == null) {
            n = 0;
        } else if (near != null) {
            // Offers from another node carry the offerer's locality only when near ones are among
            // them; else Locality.NONE, which keeps them out of closed sites.
            n = near.pickInSlice(slice, f.locality(), f.near(), offers.size() - f.near(), near.begin(null), targets);
        } else {
            n = slice.pickRandom(offers.size(), f.offerer(), random, targets);
        }
        long now = nanoClock.getAsLong();
        Locality from = near == null ? null : f.locality();
        for (int i = 0; i < n; i++) {
            deliverOffer(targets[i], f.infoHash(), f.offerer(), f.origin(), offers.get(i), from, out, now);
        }
        for (int i = n; i < offers.size(); i++) {
            out.dropped(Drop.OFFER_NO_CANDIDATE);
        }
    }

    void handleAnswer(Connection connection, Member self, AnswerRequest request, Outbox out, long now) {
        InfoHash infoHash = request.infoHash();
        PendingOffers.Pending pending =
                connection.pendingOffers().take(request.offerId(), infoHash, request.toPeerId(), now);
        if (pending == PendingOffers.EXPIRED) {
            out.dropped(Drop.OFFER_EXPIRED); // answered too late
            pending = null;
        }
        if (pending != null) {
            long took = now - (pending.expiresAt() - offerTtl);
            if (near != null) {
                out.offerAnswered(took, pending.level());
            } else {
                out.offerAnswered(took);
            }
            AnswerMessage answer = new AnswerMessage(infoHash, pending.receiver(), request.offerId(), request.answer());
            sendBack(pending, answer, out);
            return;
        }
        if (pairAnswers) {
            out.dropped(Drop.ANSWER_UNPAIRED);
            out.refuse(connection, new ErrorResponse("announce", infoHash, NO_MATCHING_OFFER), Outcome.NO_MATCHING_OFFER);
            return;
        }
        PeerId answerer = self != null ? self.peerId : request.peerId();
        routeUnpairedAnswer(request.toPeerId(), new AnswerMessage(infoHash, answerer, request.offerId(), request.answer()), out);
    }

    private void sendBack(PendingOffers.Pending pending, AnswerMessage answer, Outbox out) {
        if (pending.origin() instanceof Local local) {
            if (local.connection().loop() == loopIndex) {
                deliverAnswer(local.connection(), answer, out);
            } else {
                out.toLoop(local.connection().loop(), new ForwardedAnswer(local.connection(), pending.offerer(), answer));
            }
        } else if (pending.origin() instanceof Remote remoteOrigin) {
            out.toNode(remoteOrigin.nodeId(), new RemoteAnswer(remoteOrigin.connectionId(), answer));
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
     * {@code to_peer_id} here, else ask every other loop of this node holding the swarm. Other
     * nodes are not asked: without the record nothing says which node holds that peer.
     */
    private void routeUnpairedAnswer(PeerId target, AnswerMessage answer, Outbox out) {
        SwarmSlice local = slices.get(answer.infoHash());
        Member m = local == null ? null : local.get(target);
        if (m != null) {
            out.send(m.connection, answer);
            return;
        }
        SliceDirectory.Entry entry = directory.entry(answer.infoHash());
        boolean asked = false;
        for (int k = 0; entry != null && k < entry.loops(); k++) {
            if (k != loopIndex && entry.slice(k) != null) {
                out.toLoop(k, new ForwardedAnswer(null, target, answer));
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
            out.send(m.connection, a.answer());
        }
    }

    private Member[] scratch(int size) {
        if (picked.length < size) {
            picked = new Member[Math.max(size, picked.length * 2)];
        }
        return picked;
    }
}
