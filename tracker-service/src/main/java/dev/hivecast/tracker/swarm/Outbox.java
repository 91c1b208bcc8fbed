package dev.hivecast.tracker.swarm;

import dev.hivecast.protocol.ErrorResponse;
import dev.hivecast.protocol.OutMessage;

/**
 * Where a loop's handlers put what must happen next. The transport implements it: messages to a
 * connection of this loop are encoded and written, messages to another loop are run on that
 * loop's thread. Handlers never block and never see a socket.
 */
public interface Outbox {

    /** Send to a connection owned by the calling loop. A closed connection ignores it. */
    void send(Connection to, OutMessage message);

    /** Send {@code error} to {@code to} instead of what it asked for, the refusal counted as {@code outcome}. */
    default void refuse(Connection to, ErrorResponse error, Outcome outcome) {
        send(to, error);
    }

    /** Run {@code message} on loop {@code loop}'s thread, at most once, later. */
    void toLoop(int loop, LoopMessage message);

    /** Send to node {@code nodeId} of the cluster, at most once, later. */
    void toNode(String nodeId, NodeMessage message);

    /** Count a relay that did not happen. */
    void dropped(Drop reason);

    /**
     * An answer matched an offer relayed to its sender {@code nanosSinceOffer} ago: the outcome
     * that says viewers are being introduced, and how fast. Reported before the answer is sent.
     */
    default void offerAnswered(long nanosSinceOffer) {
    }

    /** {@link #offerAnswered(long)} for an offer relayed at a locality level (a LocalityLevel ordinal). */
    default void offerAnswered(long nanosSinceOffer, int level) {
        offerAnswered(nanosSinceOffer);
    }

    /** An offer is relayed to a member at this locality level (a LocalityLevel ordinal); only with locality on. */
    default void offerAt(int level) {
    }
}
