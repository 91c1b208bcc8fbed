package dev.hivecast.tracker.transport;

import dev.hivecast.protocol.AnnounceRequest;
import dev.hivecast.protocol.ErrorResponse;
import dev.hivecast.protocol.Event;
import dev.hivecast.tracker.swarm.MembershipLimits;
import dev.hivecast.tracker.swarm.Outcome;

/** An announce that would join one swarm or use one peer_id too many is refused; it is not garbage. */
final class MembershipStep {

    private final MembershipLimits limits;

    MembershipStep(MembershipLimits limits) {
        this.limits = limits;
    }

    boolean admits(ConnectionHandler connection, AnnounceRequest announce) {
        if (announce.event() == Event.STOPPED) {
            return true;
        }
        MembershipLimits.Excess excess = limits.check(connection.connection(), announce.infoHash(), announce.peerId());
        if (excess == null) {
            return true;
        }
        connection.refuse(new ErrorResponse(ErrorResponse.ACTION_ANNOUNCE, announce.infoHash(), limits.reason(excess)),
                excess == MembershipLimits.Excess.SWARMS ? Outcome.TOO_MANY_SWARMS : Outcome.TOO_MANY_PEER_IDS);
        return false;
    }
}
