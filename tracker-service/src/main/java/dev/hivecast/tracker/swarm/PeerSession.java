package dev.hivecast.tracker.swarm;

import dev.hivecast.tracker.protocol.InfoHash;
import java.util.ArrayList;
import java.util.List;

/**
 * One WebSocket connection as the swarm logic sees it: every membership announced through it (so
 * a close removes all of them, not just the first peer_id as the reference tracker does) and the
 * offers it received and may still answer. Owned by its shard's thread, except {@link #isOpen()}.
 */
public final class PeerSession {

    private final long id;
    private final String remoteAddress;
    private final int shard;
    private final Object link;
    private final List<Member> memberships = new ArrayList<>(2);
    private final PendingOffers pendingOffers;
    private volatile boolean open = true;

    /**
     * @param remoteAddress the client's address (the rebind rule compares it)
     * @param link          the transport's handle for this connection; never read here
     */
    public PeerSession(long id, String remoteAddress, int shard, int maxPendingOffers, Object link) {
        this.id = id;
        this.remoteAddress = remoteAddress;
        this.shard = shard;
        this.link = link;
        this.pendingOffers = new PendingOffers(maxPendingOffers);
    }

    public long id() {
        return id;
    }

    public String remoteAddress() {
        return remoteAddress;
    }

    public int shard() {
        return shard;
    }

    public Object link() {
        return link;
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

    Member membershipIn(InfoHash infoHash) {
        for (Member m : memberships) {
            if (m.slice().infoHash().equals(infoHash)) {
                return m;
            }
        }
        return null;
    }

    boolean sameClientAs(PeerSession other) {
        return remoteAddress != null && remoteAddress.equals(other.remoteAddress);
    }

    @Override
    public String toString() {
        return "PeerSession#" + id + "@" + remoteAddress;
    }
}
