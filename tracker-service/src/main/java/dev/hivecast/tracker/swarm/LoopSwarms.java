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
import dev.hivecast.tracker.swarm.LoopMessage.ClusterClaim;
import dev.hivecast.tracker.swarm.LoopMessage.ForwardedAnswer;
import dev.hivecast.tracker.swarm.LoopMessage.ForwardedOffers;
import dev.hivecast.tracker.swarm.LoopMessage.HandedOver;
import dev.hivecast.tracker.swarm.LoopMessage.TakeOver;
import dev.hivecast.tracker.swarm.LoopMessage.TakenOverElsewhere;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * The swarm logic of one event loop: the slices of the swarms its connections joined, and the
 * handlers for what those connections send. Single-threaded by construction (one per event loop,
 * every call on that loop), so nothing here locks.
 *
 * <p>Path of an announce: {@link #handleAnnounce} binds the (info_hash, peer_id) to the connection
 * ({@link #bind}), replies with the node-wide counts, then hands the offers to its {@link SignalRelay}:
 * members of the local slice first, the rest forwarded to other loops weighted by their sizes.
 *
 * <p>Identity: the first announce of a (swarm, peer_id) on a connection claims it in the
 * node-wide {@link PeerIdClaims}, so a claim is granted or refused before anything is bound,
 * counted or relayed, whichever loop holds the peer_id; a re-announce of a member the
 * connection already holds is found in the local slice and never looks at the claims. Taking a
 * peer_id over from a connection of another loop (the same client reconnected) holds the
 * announce back until that loop has dropped its member ({@link TakeOver}, {@link HandedOver}):
 * the peer is never counted twice, and the counts the announce is answered with are exact.
 * In a cluster, a claim new to the cluster also waits for the cluster's verdict. Both waits are
 * {@link PeerIdHandOvers}'.
 */
public final class LoopSwarms {

    public static final String PEER_ID_TAKEN = "peer_id is in use by another connection";
    public static final String FULL_SCRAPE_REFUSED = "Full scrapes are not allowed";
    public static final String EMPTY_SCRAPE = "invalid info_hash";
    public static final String NO_MATCHING_OFFER = SignalRelay.NO_MATCHING_OFFER;

    private final int loopIndex;
    private final SliceDirectory directory;
    private final SwarmSettings settings;
    private final LongSupplier nanoClock;
    private final long peerTtl;
    private final SignalRelay relay;
    private final RemoteSwarms remote;
    private final PeerIdClaims claims;
    private final LoopSlices slices;
    private final PeerIdHandOvers handOvers;

    public LoopSwarms(int loopIndex, SliceDirectory directory, SwarmSettings settings,
                      LongSupplier nanoClock, RandomGenerator random) {
        this(loopIndex, directory, RemoteSwarms.NONE, settings, nanoClock, random);
    }

    /** @param remote the other nodes' part of each swarm (cluster mode) */
    public LoopSwarms(int loopIndex, SliceDirectory directory, RemoteSwarms remote, SwarmSettings settings,
                      LongSupplier nanoClock, RandomGenerator random) {
        this.loopIndex = loopIndex;
        this.remote = remote;
        this.directory = directory;
        this.claims = directory.claims();
        this.settings = settings;
        this.nanoClock = nanoClock;
        this.peerTtl = settings.announce().peerTtl().toNanos();
        this.slices = new LoopSlices(loopIndex, directory, settings.announce().peerTtl().toNanos());
        this.handOvers = new PeerIdHandOvers(loopIndex, claims, slices, nanoClock, this);
        this.relay = new SignalRelay(loopIndex, directory, slices.byInfoHash(), remote, settings, nanoClock, random);
    }

    public int loopIndex() {
        return loopIndex;
    }

    public void open(Connection connection) {
        slices.open(connection);
    }

    /** Removes every membership the connection created (all its peer_ids, every swarm). */
    public void close(Connection connection) {
        slices.close(connection);
    }

    public void handleAnnounce(Connection connection, AnnounceRequest request, Outbox out) {
        if (connection.awaitsTakeover(request.infoHash())) {
            connection.holdBack(request, null); // behind the one whose peer_id is being taken over
            return;
        }
        SwarmSlice slice = slices.get(request.infoHash());
        Member member = slice == null ? null : slice.get(request.peerId());
        if (member == null || member.connection != connection) {
            PeerIdClaims.Claim claim = claims.claim(request.infoHash(), request.peerId(), connection,
                    request.event() != Event.STOPPED);
            if (claim.result() == PeerIdClaims.Result.REFUSED) {
                out.refuse(connection, new ErrorResponse("announce", request.infoHash(), PEER_ID_TAKEN), Outcome.PEER_ID_TAKEN);
                return;
            }
            if (claims.mustAskCluster(claim.granted())) {
                // New to the cluster: another node may hold it. Nothing is bound, counted or
                // relayed before the cluster answers (one directory round trip, first announces only).
                connection.holdBack(request, claim.granted());
                claims.askCluster(request.infoHash(), request.peerId(), claim.granted(), claim.previous());
                return;
            }
            claims.tellCluster(request.infoHash(), request.peerId(), claim.previous() == null ? null : claim.granted());
            if (handOvers.takeOverFirst(connection, request.infoHash(), request.peerId(), claim.previous(), out)) {
                connection.holdBack(request, claim.granted());
                return;
            }
            if (member != null) {
                slices.rebind(member, connection); // the claim is this connection's now: the member moves with it
            }
        }
        announce(connection, request, member, out);
    }

    /** An announce whose claim holds: {@code member} is the connection's own, or null. */
    void announce(Connection connection, AnnounceRequest request, Member member, Outbox out) {
        long now = nanoClock.getAsLong();
        InfoHash infoHash = request.infoHash();
        if (request.event() == Event.STOPPED) {
            if (member != null) {
                slices.leave(member);
            } else {
                claims.release(infoHash, request.peerId(), connection); // taken over only to stop: free again
            }
            reply(connection, infoHash, out);
            return;
        }
        boolean completed = request.event() == Event.COMPLETED;
        if (member == null) {
            // A `completed` from a peer that is not a member joins it as a seeder, not as a
            // download: the reference treats it as a start, and counting it let one peer raise
            // `downloaded` by one per stopped/completed pair (docs/protocol.md#scrape-decisions).
            member = slices.bind(connection, infoHash, request.peerId(), request.complete() || completed, now);
        } else {
            member.expiresAt = now + peerTtl;
            if ((request.complete() || completed) && !member.complete) {
                slices.markComplete(member);
            }
        }
        reply(connection, infoHash, out);
        if (OfferRouting.offersToRelay(request) > 0) {
            relay.relayOffers(member, request, out, now);
        }
    }

    public void handleAnswer(Connection connection, AnswerRequest request, Outbox out) {
        long now = nanoClock.getAsLong();
        Member self = connection.membershipIn(request.infoHash());
        if (self != null) {
            self.expiresAt = now + peerTtl;
        }
        relay.handleAnswer(connection, self, request, out, now);
    }

    public void handleScrape(Connection connection, ScrapeRequest request, Outbox out) {
        List<InfoHash> hashes = request.infoHashes();
        if (request.isFull()) {
            if (!settings.scrape().allowFull()) {
                out.refuse(connection, new ErrorResponse("scrape", null, FULL_SCRAPE_REFUSED), Outcome.SCRAPE_REFUSED);
                return;
            }
            List<InfoHash> all = new ArrayList<>();
            directory.forEach(all::add);
            hashes = all;
        } else if (hashes.isEmpty()) {
            // "info_hash": [] would get "files": {}, which BTc reports as an invalid scrape response.
            out.refuse(connection, new ErrorResponse("scrape", null, EMPTY_SCRAPE), Outcome.INVALID_REQUEST);
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
        out.send(connection, new ScrapeResponse(files, settings.intervalSeconds()));
    }

    /** Work handed over by another loop. */
    public void receive(LoopMessage message, Outbox out) {
        // Java 17: no pattern switch yet; the sealed interface keeps this list complete.
        if (message instanceof ForwardedOffers f) {
            relay.deliverForwardedOffers(f, out);
        } else if (message instanceof ForwardedAnswer a) {
            relay.receiveAnswer(a, out);
        } else if (message instanceof TakeOver t) {
            handOvers.giveUp(t, out);
        } else if (message instanceof HandedOver h) {
            handOvers.takeOver(h, out);
        } else if (message instanceof ClusterClaim c) {
            handOvers.decided(c, out);
        } else if (message instanceof TakenOverElsewhere t) {
            handOvers.takenOverElsewhere(t);
        }
    }

    /** Removes members silent for longer than the peer TTL and offers past the offer TTL. */
    public SweepResult sweep() {
        return slices.sweep(nanoClock.getAsLong());
    }

    /**
     * Removes every member of the swarms {@code refused} matches, as if each had left: counts,
     * the node directory and (through it) the cluster directory see the swarm go the way a last
     * leave makes it go. Their connections stay open: they may use other swarms.
     *
     * @return members removed
     */
    public int evict(Predicate<InfoHash> refused) {
        return slices.evict(refused);
    }

    /** What one sweep removed; {@code expiredOffers} were relayed and never answered in time. */
    public record SweepResult(int expiredMembers, int deletedSwarms, int expiredOffers) {
    }

    public int connectionCount() {
        return slices.connectionCount();
    }

    public int memberCount() {
        return slices.memberCount();
    }

    public int completeCount() {
        return slices.completeCount();
    }

    public int sliceCount() {
        return slices.sliceCount();
    }

    /** Runs on this loop's thread during a drain: every open connection, to close one by one. */
    public List<Connection> openConnections() {
        return slices.openConnections();
    }

    /** Counts are cluster-wide: this node's exact, the others' as last read (docs/protocol.md#c13). */
    private void reply(Connection connection, InfoHash infoHash, Outbox out) {
        SliceDirectory.Entry e = directory.entry(infoHash);
        RemoteView r = remote.viewOf(infoHash);
        int complete = (e == null ? 0 : e.complete()) + r.complete();
        int incomplete = (e == null ? 0 : e.incomplete()) + r.incomplete();
        out.send(connection, new AnnounceResponse(infoHash, complete, incomplete, settings.intervalSeconds()));
    }
}
