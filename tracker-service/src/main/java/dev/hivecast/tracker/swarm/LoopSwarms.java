package dev.hivecast.tracker.swarm;

import dev.hivecast.protocol.AnnounceRequest;
import dev.hivecast.protocol.AnnounceResponse;
import dev.hivecast.protocol.AnswerRequest;
import dev.hivecast.protocol.ErrorResponse;
import dev.hivecast.protocol.Event;
import dev.hivecast.protocol.InfoHash;
import dev.hivecast.protocol.PeerId;
import dev.hivecast.protocol.ScrapeRequest;
import dev.hivecast.protocol.ScrapeResponse;
import dev.hivecast.tracker.swarm.LoopMessage.ForwardedAnswer;
import dev.hivecast.tracker.swarm.LoopMessage.ForwardedOffers;
import dev.hivecast.tracker.swarm.LoopMessage.HandedOver;
import dev.hivecast.tracker.swarm.LoopMessage.TakeOver;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * The swarm logic of one event loop: the slices of the swarms its connections joined, and the
 * handlers for what those connections send. Single-threaded by construction (one shard per event
 * loop, every call on that loop), so nothing here locks.
 *
 * <p>Path of an announce: {@link #handleAnnounce} binds the (info_hash, peer_id) to the session
 * ({@link #bind}), replies with the node-wide counts, then hands the offers to its {@link SignalRelay}:
 * members of the local slice first, the rest forwarded to other shards weighted by their sizes.
 *
 * <p>Identity: the first announce of a (swarm, peer_id) on a connection claims it in the
 * node-wide {@link PeerIdClaims}, so a claim is granted or refused before anything is bound,
 * counted or relayed, whichever shard holds the peer_id; a re-announce of a member the
 * connection already holds is found in the local slice and never looks at the claims. Taking a
 * peer_id over from a connection of another shard (the same client reconnected) holds the
 * announce back until that shard has dropped its member ({@link TakeOver}, {@link HandedOver}):
 * the peer is never counted twice, and the counts the announce is answered with are exact.
 */
public final class LoopSwarms {

    public static final String PEER_ID_TAKEN = "peer_id is in use by another connection";
    public static final String FULL_SCRAPE_REFUSED = "Full scrapes are not allowed";
    public static final String EMPTY_SCRAPE = "invalid info_hash";
    public static final String NO_MATCHING_OFFER = SignalRelay.NO_MATCHING_OFFER;

    private final int index;
    private final SliceDirectory directory;
    private final SwarmSettings settings;
    private final LongSupplier nanoClock;
    private final long peerTtl;
    private final SignalRelay relay;
    private final RemoteSwarms remote;
    private final PeerIdClaims claims;
    private final HashMap<InfoHash, SwarmSlice> slices = new HashMap<>();
    private final Set<Connection> sessions = new HashSet<>();
    private volatile int memberCount;
    private volatile int completeCount;

    public LoopSwarms(int index, SliceDirectory directory, SwarmSettings settings,
                      LongSupplier nanoClock, RandomGenerator random) {
        this(index, directory, RemoteSwarms.NONE, settings, nanoClock, random);
    }

    /** @param remote the other nodes' part of each swarm (cluster mode) */
    public LoopSwarms(int index, SliceDirectory directory, RemoteSwarms remote, SwarmSettings settings,
                      LongSupplier nanoClock, RandomGenerator random) {
        this.index = index;
        this.remote = remote;
        this.directory = directory;
        this.claims = directory.claims();
        this.settings = settings;
        this.nanoClock = nanoClock;
        this.peerTtl = settings.peerTtl().toNanos();
        this.relay = new SignalRelay(index, directory, slices, remote, settings, nanoClock, random);
    }

    public int index() {
        return index;
    }

    public void open(Connection session) {
        sessions.add(session);
    }

    /** Removes every membership the connection created (all its peer_ids, every swarm). */
    public void close(Connection session) {
        if (!sessions.remove(session)) {
            return;
        }
        session.markClosed();
        for (Member m : new ArrayList<>(session.memberships())) {
            leave(m);
        }
    }

    public void handleAnnounce(Connection session, AnnounceRequest request, Outbox out) {
        if (session.awaitsTakeover(request.infoHash())) {
            session.holdBack(request, null); // behind the one whose peer_id is being taken over
            return;
        }
        SwarmSlice slice = slices.get(request.infoHash());
        Member member = slice == null ? null : slice.get(request.peerId());
        if (member == null || member.session != session) {
            PeerIdClaims.Claim claim = claims.claim(request.infoHash(), request.peerId(), session,
                    request.event() != Event.STOPPED);
            if (claim.outcome() == PeerIdClaims.Outcome.REFUSED) {
                out.send(session, new ErrorResponse("announce", request.infoHash(), PEER_ID_TAKEN));
                return;
            }
            Connection previous = claim.previous() == null ? null : claim.previous().session;
            // Taken over from another shard, or from a connection of this one still waiting for a
            // takeover of its own: its member must go first, on its shard, then this one binds.
            if (previous != null && (previous.shard() != index || previous.awaitsTakeover(request.infoHash()))) {
                session.holdBack(request, claim.granted());
                out.toShard(previous.shard(), new TakeOver(request.infoHash(), request.peerId(), claim.previous(), session));
                return;
            }
            if (member != null) {
                rebind(member, session); // the claim is this session's now: the member moves with it
            }
        }
        announce(session, request, member, out);
    }

    /** An announce whose claim holds: {@code member} is the session's own, or null. */
    private void announce(Connection session, AnnounceRequest request, Member member, Outbox out) {
        long now = nanoClock.getAsLong();
        InfoHash infoHash = request.infoHash();
        if (request.event() == Event.STOPPED) {
            if (member != null) {
                leave(member);
            } else {
                claims.release(infoHash, request.peerId(), session); // taken over only to stop: free again
            }
            reply(session, infoHash, out);
            return;
        }
        boolean completed = request.event() == Event.COMPLETED;
        if (member == null) {
            member = bind(session, infoHash, request.peerId(), request.complete() || completed, now);
            if (completed) {
                member.slice.countDownload();
                directory.changed(infoHash);
            }
        } else {
            member.expiresAt = now + peerTtl;
            if ((request.complete() || completed) && !member.complete) {
                member.slice.markComplete(member);
                completeCount++;
                directory.changed(infoHash);
            }
        }
        reply(session, infoHash, out);
        if (!completed && request.numwant() != 0 && !request.offers().isEmpty()) {
            relay.relayOffers(member, request, out, now);
        }
    }

    public void handleAnswer(Connection session, AnswerRequest request, Outbox out) {
        long now = nanoClock.getAsLong();
        Member self = session.membershipIn(request.infoHash());
        if (self != null) {
            self.expiresAt = now + peerTtl;
        }
        relay.handleAnswer(session, self, request, out, now);
    }

    public void handleScrape(Connection session, ScrapeRequest request, Outbox out) {
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
            SliceDirectory.Entry e = directory.entry(h);
            RemoteView r = remote.viewOf(h);
            files.add(e == null
                    ? new ScrapeResponse.Entry(h, r.complete(), r.incomplete(), r.downloaded())
                    : new ScrapeResponse.Entry(h, e.complete() + r.complete(), e.incomplete() + r.incomplete(),
                            e.downloaded() + r.downloaded()));
        }
        out.send(session, new ScrapeResponse(files, settings.intervalSeconds()));
    }

    /** Work handed over by another shard. */
    public void receive(LoopMessage message, Outbox out) {
        // Java 17: no pattern switch yet; the sealed interface keeps this list complete.
        if (message instanceof ForwardedOffers f) {
            relay.deliverForwardedOffers(f, out);
        } else if (message instanceof ForwardedAnswer a) {
            relay.receiveAnswer(a, out);
        } else if (message instanceof TakeOver t) {
            giveUp(t, out);
        } else if (message instanceof HandedOver h) {
            takeOver(h, out);
        }
    }

    /** Removes members silent for longer than the peer TTL and offers past the offer TTL. */
    public SweepResult sweep() {
        long now = nanoClock.getAsLong();
        int expired = 0;
        int emptied = 0;
        for (SwarmSlice slice : new ArrayList<>(slices.values())) {
            int before = slice.complete();
            int removed = slice.sweepExpired(now, m -> claims.release(slice.infoHash(), m.peerId, m.session));
            if (removed > 0) {
                expired += removed;
                memberCount -= removed;
                completeCount -= before - slice.complete();
                directory.changed(slice.infoHash());
                if (slice.size() == 0) {
                    dropSlice(slice);
                    emptied++;
                }
            }
        }
        int expiredOffers = 0;
        for (Connection s : sessions) {
            expiredOffers += s.pendingOffers().sweep(now);
        }
        return new SweepResult(expired, emptied, expiredOffers);
    }

    /**
     * Removes every member of the swarms {@code refused} matches, as if each had left: counts,
     * the node directory and (through it) the cluster directory see the swarm go the way a last
     * leave makes it go. Their connections stay open: they may use other swarms.
     *
     * @return members removed
     */
    public int evict(Predicate<InfoHash> refused) {
        int evicted = 0;
        for (SwarmSlice slice : new ArrayList<>(slices.values())) {
            if (refused.test(slice.infoHash())) {
                for (Member m : slice.snapshot()) {
                    leave(m);
                    evicted++;
                }
            }
        }
        return evicted;
    }

    /** What one sweep removed; {@code expiredOffers} were relayed and never answered in time. */
    public record SweepResult(int expiredMembers, int deletedSwarms, int expiredOffers) {
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
    public List<Connection> openSessions() {
        return new ArrayList<>(sessions);
    }

    private Member bind(Connection session, InfoHash infoHash, PeerId peerId, boolean complete, long now) {
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
        directory.changed(infoHash);
        session.memberships().add(m);
        memberCount++;
        if (complete) {
            completeCount++;
        }
        return m;
    }

    private void rebind(Member m, Connection session) {
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
        claims.release(slice.infoHash(), m.peerId, m.session);
        slice.remove(m);
        directory.changed(slice.infoHash());
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

    /** Counts are cluster-wide: this node's exact, the others' as last read (PROTOCOL.md 9.13). */
    private void reply(Connection session, InfoHash infoHash, Outbox out) {
        SliceDirectory.Entry e = directory.entry(infoHash);
        RemoteView r = remote.viewOf(infoHash);
        int complete = (e == null ? 0 : e.complete()) + r.complete();
        int incomplete = (e == null ? 0 : e.incomplete()) + r.incomplete();
        out.send(session, new AnnounceResponse(infoHash, complete, incomplete, settings.intervalSeconds()));
    }

    /** On the previous owner's shard: its member goes, and the claimant's shard hears so. */
    private void giveUp(TakeOver t, Outbox out) {
        Connection previous = t.previousSession();
        if (previous.awaits(t.infoHash(), t.previous())) {
            // The hold taken over is itself a takeover whose member is not here yet: wait for it,
            // or two members would be counted. Only a later hold waits for an earlier one, so
            // waits never form a cycle.
            previous.takenOverMeanwhile(t);
            return;
        }
        SwarmSlice slice = slices.get(t.infoHash());
        Member m = slice == null ? null : slice.get(t.peerId());
        boolean wasComplete = false;
        if (m != null && m.session == previous) {
            wasComplete = m.complete;
            leave(m); // its claim is the claimant's already: leaving does not release it
        }
        out.toShard(t.claimant().shard(), new HandedOver(t.infoHash(), t.peerId(), t.claimant(), wasComplete));
    }

    /**
     * On the claimant's shard: the announce held back for the takeover goes on as it would have
     * on one shard, where the member had moved with its completeness; then whoever took the
     * peer_id over meanwhile gets it, and the announces held behind this one run.
     */
    private void takeOver(HandedOver h, Outbox out) {
        Connection session = h.claimant();
        List<AnnounceRequest> held = session.release(h.infoHash());
        if (session.isOpen()) {
            // Even for a stop: the member moves first, replacing this connection's other peer_id
            // in the swarm, then leaves, as a rebind and a stop do on one shard.
            announce(session, held.get(0), adopt(session, h, nanoClock.getAsLong()), out);
        } else {
            claims.release(h.infoHash(), h.peerId(), session); // closed while it waited
        }
        for (TakeOver next : session.takeOversToRun(h.infoHash())) {
            giveUp(next, out);
        }
        if (session.isOpen()) {
            for (AnnounceRequest later : held.subList(1, held.size())) {
                handleAnnounce(session, later, out);
            }
        }
    }

    /** The handed-over peer's member on this shard, complete if it was. */
    private Member adopt(Connection session, HandedOver h, long now) {
        SwarmSlice slice = slices.get(h.infoHash());
        Member stale = slice == null ? null : slice.get(h.peerId());
        Member m;
        if (stale != null) {
            // Not expected (each takeover waits for the member of the hold it ends), but if another
            // connection's copy is still here, it moves: two members of one peer_id must never be.
            rebind(stale, session);
            m = stale;
        } else {
            m = bind(session, h.infoHash(), h.peerId(), false, now);
        }
        if (h.wasComplete() && !m.complete) {
            m.slice.restoreComplete(m);
            completeCount++;
            directory.changed(h.infoHash());
        }
        return m;
    }
}
