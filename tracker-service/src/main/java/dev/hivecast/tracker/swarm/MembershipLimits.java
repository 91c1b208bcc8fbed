package dev.hivecast.tracker.swarm;

import dev.hivecast.protocol.InfoHash;
import dev.hivecast.protocol.PeerId;
import java.util.HashSet;
import java.util.Set;

/**
 * How many swarms and peer_ids one connection may hold. A P2P Media Loader player uses one swarm
 * (and peer_id) per rendition, a handful; a connection joining thousands is mapping or flooding
 * swarms. Checked before an announce touches any swarm, so a refused one changes nothing.
 *
 * @param maxSwarms  memberships a connection may hold; 0 = no limit
 * @param maxPeerIds distinct peer_ids among them; 0 = no limit
 */
public record MembershipLimits(int maxSwarms, int maxPeerIds) {

    public static final MembershipLimits NONE = new MembershipLimits(0, 0);

    public static final String TOO_MANY_SWARMS_PREFIX = "too many swarms on one connection (max ";
    public static final String TOO_MANY_PEER_IDS_PREFIX = "too many peer_ids on one connection (max ";

    /** What an announce over a limit is told. */
    public enum Excess { SWARMS, PEER_IDS }

    /**
     * Null when announcing {@code peerId} in {@code infoHash} keeps {@code connection} within the
     * limits (it already is a member there, or has room), else which limit it would pass. Costs
     * one scan of the connection's memberships, and a set only when a peer_id limit applies.
     */
    public Excess check(Connection connection, InfoHash infoHash, PeerId peerId) {
        Member here = connection.membershipIn(infoHash);
        if (here != null && here.peerId.equals(peerId)) {
            return null; // a refresh: nothing new
        }
        if (here == null && maxSwarms > 0 && connection.memberships().size() >= maxSwarms) {
            return Excess.SWARMS;
        }
        if (maxPeerIds > 0) {
            Set<PeerId> ids = new HashSet<>();
            for (Member m : connection.memberships()) {
                if (m != here) {
                    ids.add(m.peerId);
                }
            }
            ids.add(peerId);
            if (ids.size() > maxPeerIds) {
                return Excess.PEER_IDS;
            }
        }
        return null;
    }

    /** The failure reason for {@code excess}, naming the limit. */
    public String reason(Excess excess) {
        return excess == Excess.SWARMS ? TOO_MANY_SWARMS_PREFIX + maxSwarms + ")"
                : TOO_MANY_PEER_IDS_PREFIX + maxPeerIds + ")";
    }
}
