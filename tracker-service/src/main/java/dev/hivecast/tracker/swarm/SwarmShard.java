package dev.hivecast.tracker.swarm;

import dev.hivecast.tracker.protocol.AnnounceRequest;
import dev.hivecast.tracker.protocol.AnnounceResponse;
import dev.hivecast.tracker.protocol.AnswerMessage;
import dev.hivecast.tracker.protocol.AnswerRequest;
import dev.hivecast.tracker.protocol.ErrorResponse;
import dev.hivecast.tracker.protocol.Event;
import dev.hivecast.tracker.protocol.InfoHash;
import dev.hivecast.tracker.protocol.Offer;
import dev.hivecast.tracker.protocol.OfferMessage;
import dev.hivecast.tracker.protocol.PeerId;
import dev.hivecast.tracker.protocol.ScrapeRequest;
import dev.hivecast.tracker.protocol.ScrapeResponse;
import dev.hivecast.tracker.swarm.ShardMessage.ClaimRefused;
import dev.hivecast.tracker.swarm.ShardMessage.ForwardedAnswer;
import dev.hivecast.tracker.swarm.ShardMessage.ForwardedOffers;
import dev.hivecast.tracker.swarm.ShardMessage.PeerClaim;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * The swarm logic of one event loop: the slices of the swarms its connections joined, and the
 * handlers for what those connections send. Single-threaded by construction (one shard per event
 * loop, every call on that loop), so nothing here locks.
 *
 * <p>Path of an announce: {@link #handleAnnounce} binds the (info_hash, peer_id) to the session
 * ({@link #bind}), replies with the node-wide counts, then {@link #relayOffers}: members of the
 * local slice first, the rest forwarded to other shards weighted by their slice sizes.
 */
public final class SwarmShard {

    static final String PEER_ID_TAKEN = "peer_id is in use by another connection";
    static final String NO_MATCHING_OFFER =
            "Could not find the offer corresponding to your answer. It may have expired.";
    static final String FULL_SCRAPE_REFUSED = "Full scrapes are not allowed";
    static final String EMPTY_SCRAPE = "invalid info_hash";

    private final int index;
    private final SwarmDirectory directory;
    private final SwarmSettings settings;
    private final LongSupplier nanoClock;
    private final RandomGenerator random;
    private final long peerTtl;
    private final long offerTtl;
    private final HashMap<InfoHash, SwarmSlice> slices = new HashMap<>();
    private final Set<PeerSession> sessions = new HashSet<>();
    private Member[] picked = new Member[32];
    private volatile int memberCount;
    private volatile int completeCount;

    public SwarmShard(int index, SwarmDirectory directory, SwarmSettings settings,
                      LongSupplier nanoClock, RandomGenerator random) {
        this.index = index;
        this.directory = directory;
        this.settings = settings;
        this.nanoClock = nanoClock;
        this.random = random;
        this.peerTtl = settings.peerTtl().toNanos();
        this.offerTtl = settings.offerTtl().toNanos();
    }

    public int index() {
        return index;
    }

    public void open(PeerSession session) {
        sessions.add(session);
    }

    /** Removes every membership the connection created (all its peer_ids, every swarm). */
    public void close(PeerSession session) {
        if (!sessions.remove(session)) {
            return;
        }
        session.markClosed();
        for (Member m : new ArrayList<>(session.memberships())) {
            leave(m);
        }
    }

    public void handleAnnounce(PeerSession session, AnnounceRequest request, Outbox out) {
        long now = nanoClock.getAsLong();
        InfoHash infoHash = request.infoHash();
        SwarmSlice slice = slices.get(infoHash);
        Member member = slice == null ? null : slice.get(request.peerId());
        if (member != null && member.session != session) {
            if (member.session.isOpen() && !member.session.sameClientAs(session)) {
                out.send(session, new ErrorResponse("announce", infoHash, PEER_ID_TAKEN));
                return;
            }
            rebind(member, session);
        }
        if (request.event() == Event.STOPPED) {
            if (member != null) {
                leave(member);
            }
            reply(session, infoHash, out);
            return;
        }
        boolean completed = request.event() == Event.COMPLETED;
        if (member == null) {
            member = bind(session, infoHash, request.peerId(), request.complete() || completed, now, out);
            if (completed) {
                member.slice.countDownload();
            }
        } else {
            member.expiresAt = now + peerTtl;
            if ((request.complete() || completed) && !member.complete) {
                member.slice.markComplete(member);
                completeCount++;
            }
        }
        reply(session, infoHash, out);
        if (!completed && request.numwant() != 0 && !request.offers().isEmpty()) {
            relayOffers(member, request, out, now);
        }
    }

    public void handleAnswer(PeerSession session, AnswerRequest request, Outbox out) {
        long now = nanoClock.getAsLong();
        InfoHash infoHash = request.infoHash();
        Member self = session.membershipIn(infoHash);
        if (self != null) {
            self.expiresAt = now + peerTtl;
        }
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
        if (settings.pairAnswers()) {
            out.dropped(Drop.ANSWER_UNPAIRED);
            out.send(session, new ErrorResponse("announce", infoHash, NO_MATCHING_OFFER));
            return;
        }
        PeerId answerer = self != null ? self.peerId : request.peerId();
        routeUnpairedAnswer(request.toPeerId(), new AnswerMessage(infoHash, answerer, request.offerId(), request.answer()), out);
    }

    public void handleScrape(PeerSession session, ScrapeRequest request, Outbox out) {
        List<InfoHash> hashes = request.infoHashes();
        if (request.isFull()) {
            if (!settings.allowFullScrape()) {
                out.send(session, new ErrorResponse("scrape", null, FULL_SCRAPE_REFUSED));
                return;
            }
            List<InfoHash> all = new ArrayList<>();
            directory.forEach(all::add);
            hashes = all;
        } else if (hashes.isEmpty()) {
            // "info_hash": [] would get "files": {}, which BTc reports as an invalid scrape response.
            out.send(session, new ErrorResponse("scrape", null, EMPTY_SCRAPE));
            return;
        }
        List<ScrapeResponse.Entry> files = new ArrayList<>(hashes.size());
        for (InfoHash h : hashes) {
            SwarmDirectory.Entry e = directory.entry(h);
            files.add(e == null
                    ? new ScrapeResponse.Entry(h, 0, 0, 0)
                    : new ScrapeResponse.Entry(h, e.complete(), e.incomplete(), e.downloaded()));
        }
        out.send(session, new ScrapeResponse(files, settings.intervalSeconds()));
    }

    /** Work handed over by another shard. */
    public void receive(ShardMessage message, Outbox out) {
        // Java 17: no pattern switch yet; the sealed interface keeps this list complete.
        if (message instanceof ForwardedOffers f) {
            deliverForwardedOffers(f, out);
        } else if (message instanceof ForwardedAnswer a) {
            receiveAnswer(a, out);
        } else if (message instanceof PeerClaim c) {
            receiveClaim(c, out);
        } else if (message instanceof ClaimRefused r) {
            receiveRefusal(r, out);
        }
    }

    /** Removes members silent for longer than the peer TTL and offers past the offer TTL. */
    public SweepResult sweep() {
        long now = nanoClock.getAsLong();
        int expired = 0;
        int emptied = 0;
        for (SwarmSlice slice : new ArrayList<>(slices.values())) {
            int before = slice.complete();
            int removed = slice.sweepExpired(now);
            if (removed > 0) {
                expired += removed;
                memberCount -= removed;
                completeCount -= before - slice.complete();
                if (slice.size() == 0) {
                    dropSlice(slice);
                    emptied++;
                }
            }
        }
        for (PeerSession s : sessions) {
            s.pendingOffers().sweep(now);
        }
        return new SweepResult(expired, emptied);
    }

    /** What one sweep removed. */
    public record SweepResult(int expiredMembers, int deletedSwarms) {
    }

    public int sessionCount() {
        return sessions.size();
    }

    public int memberCount() {
        return memberCount;
    }

    public int completeCount() {
        return completeCount;
    }

    public int sliceCount() {
        return slices.size();
    }

    /** Runs on this shard's thread during a drain: every open session, to close one by one. */
    public List<PeerSession> openSessions() {
        return new ArrayList<>(sessions);
    }

    private Member bind(PeerSession session, InfoHash infoHash, PeerId peerId, boolean complete,
                        long now, Outbox out) {
        // One member per (connection, swarm): a client that changes its peer_id replaces itself
        // instead of inflating the swarm (PROTOCOL.md 9.58).
        Member previous = session.membershipIn(infoHash);
        if (previous != null) {
            leave(previous);
        }
        SwarmSlice slice = slices.get(infoHash);
        if (slice == null) {
            slice = new SwarmSlice(infoHash);
            slices.put(infoHash, slice);
            directory.attach(infoHash, index, slice);
        }
        Member m = slice.add(peerId, session, complete, now + peerTtl);
        session.memberships().add(m);
        memberCount++;
        if (complete) {
            completeCount++;
        }
        claimOnOtherShards(infoHash, peerId, session, out);
        return m;
    }

    private void claimOnOtherShards(InfoHash infoHash, PeerId peerId, PeerSession session, Outbox out) {
        SwarmDirectory.Entry entry = directory.entry(infoHash);
        if (entry == null) {
            return;
        }
        for (int k = 0; k < entry.shards(); k++) {
            if (k != index && entry.slice(k) != null) {
                out.toShard(k, new PeerClaim(infoHash, peerId, session, index));
            }
        }
    }

    private void rebind(Member m, PeerSession session) {
        m.session.memberships().remove(m);
        Member previous = session.membershipIn(m.slice.infoHash());
        if (previous != null) {
            leave(previous);
        }
        m.session = session;
        session.memberships().add(m);
    }

    private void leave(Member m) {
        SwarmSlice slice = m.slice;
        slice.remove(m);
        m.session.memberships().remove(m);
        memberCount--;
        if (m.complete) {
            completeCount--;
        }
        if (slice.size() == 0) {
            dropSlice(slice);
        }
    }

    private void dropSlice(SwarmSlice slice) {
        slices.remove(slice.infoHash());
        directory.detach(slice.infoHash(), index, slice);
    }

    private void reply(PeerSession session, InfoHash infoHash, Outbox out) {
        SwarmDirectory.Entry e = directory.entry(infoHash);
        int complete = e == null ? 0 : e.complete();
        int incomplete = e == null ? 0 : e.incomplete();
        out.send(session, new AnnounceResponse(infoHash, complete, incomplete, settings.intervalSeconds()));
    }

    private void relayOffers(Member offerer, AnnounceRequest request, Outbox out, long now) {
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

    private void deliverForwardedOffers(ForwardedOffers f, Outbox out) {
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

    private void receiveAnswer(ForwardedAnswer a, Outbox out) {
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

    private void receiveClaim(PeerClaim claim, Outbox out) {
        SwarmSlice slice = slices.get(claim.infoHash());
        Member m = slice == null ? null : slice.get(claim.peerId());
        if (m == null) {
            return;
        }
        if (m.session.isOpen() && !m.session.sameClientAs(claim.claimant())) {
            out.toShard(claim.originShard(), new ClaimRefused(claim.infoHash(), claim.peerId(), claim.claimant()));
        } else {
            leave(m); // the peer reconnected through another shard: that copy is the live one
        }
    }

    private void receiveRefusal(ClaimRefused refusal, Outbox out) {
        SwarmSlice slice = slices.get(refusal.infoHash());
        Member m = slice == null ? null : slice.get(refusal.peerId());
        if (m != null && m.session == refusal.claimant()) {
            leave(m);
            out.send(refusal.claimant(), new ErrorResponse("announce", refusal.infoHash(), PEER_ID_TAKEN));
        }
    }

    private Member[] scratch(int size) {
        if (picked.length < size) {
            picked = new Member[Math.max(size, picked.length * 2)];
        }
        return picked;
    }
}
