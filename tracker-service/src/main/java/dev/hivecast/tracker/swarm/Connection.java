package dev.hivecast.tracker.swarm;

import dev.hivecast.protocol.AnnounceRequest;
import dev.hivecast.protocol.InfoHash;
import dev.hivecast.protocol.PeerId;
import dev.hivecast.tracker.locality.Locality;
import java.util.ArrayList;
import java.util.List;

/**
 * One WebSocket connection as the swarm logic sees it: every membership announced through it (so
 * a close removes all of them, not just the first peer_id as the reference tracker does) and the
 * offers it received and may still answer. Owned by its loop's thread, except {@link #isOpen()}.
 */
public final class Connection {

    private final long id;
    private final String remoteAddress;
    private final int loop;
    private final MessageWriter writer;
    private final List<Member> memberships = new ArrayList<>(2);
    private final PendingOffers pendingOffers;
    private final Locality locality;
    /**
     * Announces held back while a peer_id of theirs is taken over from another loop, oldest
     * first; null when none (nearly always), so that a held-back announce's later ones for the
     * same swarm are handled after it, as on one loop.
     */
    private List<Held> awaitingTakeover;
    /** Takeovers of this connection's claims that wait for its own takeover to finish; null when none. */
    private List<LoopMessage.TakeOver> takenOverMeanwhile;
    private volatile boolean open = true;

    /**
     * @param remoteAddress the client's address (the rebind rule compares it)
     * @param loop          the index of the event loop that owns the connection
     * @param writer        where the transport writes what is sent to it; never called here
     */
    public Connection(long id, String remoteAddress, int loop, int maxPendingOffers, MessageWriter writer) {
        this(id, remoteAddress, loop, maxPendingOffers, writer, Locality.NONE);
    }

    /** @param locality where the client is, from its address at connect time */
    public Connection(long id, String remoteAddress, int loop, int maxPendingOffers, MessageWriter writer,
                      Locality locality) {
        this.locality = locality;
        this.id = id;
        this.remoteAddress = remoteAddress;
        this.loop = loop;
        this.writer = writer;
        this.pendingOffers = new PendingOffers(maxPendingOffers);
    }

    public long id() {
        return id;
    }

    public Locality locality() {
        return locality;
    }

    public String remoteAddress() {
        return remoteAddress;
    }

    /** The index of the event loop that owns this connection. */
    public int loop() {
        return loop;
    }

    /** Where an {@link Outbox} writes the messages for this connection. */
    public MessageWriter writer() {
        return writer;
    }

    public boolean isOpen() {
        return open;
    }

    /** Memberships held through this connection, for stats and tests. */
    public int membershipCount() {
        return memberships.size();
    }

    void markClosed() {
        open = false;
    }

    List<Member> memberships() {
        return memberships;
    }

    PendingOffers pendingOffers() {
        return pendingOffers;
    }

    /** An announce held back; the first of its swarm also names the hold whose member it awaits. */
    private record Held(AnnounceRequest request, PeerIdClaims.Hold awaited) {
    }

    /** True while an announce of this connection for {@code infoHash} waits for a takeover. */
    boolean awaitsTakeover(InfoHash infoHash) {
        return awaited(infoHash) != null;
    }

    /** True while this connection waits for the member of exactly {@code hold} in {@code infoHash}. */
    boolean awaits(InfoHash infoHash, PeerIdClaims.Hold hold) {
        return awaited(infoHash) == hold;
    }

    private PeerIdClaims.Hold awaited(InfoHash infoHash) {
        if (awaitingTakeover != null) {
            for (Held h : awaitingTakeover) {
                if (h.request().infoHash().equals(infoHash)) {
                    return h.awaited();
                }
            }
        }
        return null;
    }

    /** Holds {@code request} back until the member of {@code awaited} (null: of the one before it) is here. */
    void holdBack(AnnounceRequest request, PeerIdClaims.Hold awaited) {
        if (awaitingTakeover == null) {
            awaitingTakeover = new ArrayList<>(2);
        }
        awaitingTakeover.add(new Held(request, awaited));
    }

    /** The held-back announces for {@code infoHash}, in arrival order, no longer held. */
    List<AnnounceRequest> release(InfoHash infoHash) {
        List<AnnounceRequest> released = new ArrayList<>(2);
        if (awaitingTakeover != null) {
            awaitingTakeover.removeIf(h -> h.request().infoHash().equals(infoHash) && released.add(h.request()));
            if (awaitingTakeover.isEmpty()) {
                awaitingTakeover = null;
            }
        }
        return released;
    }

    /** {@code takeOver} is to run once this connection's own takeover in its swarm is done. */
    void takenOverMeanwhile(LoopMessage.TakeOver takeOver) {
        if (takenOverMeanwhile == null) {
            takenOverMeanwhile = new ArrayList<>(1);
        }
        takenOverMeanwhile.add(takeOver);
    }

    /** The takeovers of this connection's claim in {@code infoHash} that waited, no longer waiting. */
    List<LoopMessage.TakeOver> takeOversToRun(InfoHash infoHash) {
        List<LoopMessage.TakeOver> due = new ArrayList<>(1);
        if (takenOverMeanwhile != null) {
            takenOverMeanwhile.removeIf(t -> t.infoHash().equals(infoHash) && due.add(t));
            if (takenOverMeanwhile.isEmpty()) {
                takenOverMeanwhile = null;
            }
        }
        return due;
    }

    /** For checks: whether a takeover of this connection's ({@code infoHash}, {@code peerId}) waits here. */
    boolean takeOverWaits(InfoHash infoHash, PeerId peerId) {
        return takenOverMeanwhile != null && takenOverMeanwhile.stream()
                .anyMatch(t -> t.infoHash().equals(infoHash) && t.peerId().equals(peerId));
    }

    Member membershipIn(InfoHash infoHash) {
        for (Member m : memberships) {
            if (m.slice().infoHash().equals(infoHash)) {
                return m;
            }
        }
        return null;
    }

    boolean sameClientAs(Connection other) {
        return remoteAddress != null && remoteAddress.equals(other.remoteAddress);
    }

    @Override
    public String toString() {
        return "Connection#" + id + "@" + remoteAddress;
    }
}
