package dev.hivecast.tracker.swarm;

import dev.hivecast.protocol.OutMessage;

/**
 * Where a shard's handlers put what must happen next. The transport implements it: messages to a
 * session of this shard are encoded and written, messages to another shard are run on that
 * shard's thread. Handlers never block and never see a socket.
 */
public interface Outbox {

    /** Send to a session owned by the calling shard. A closed session ignores it. */
    void send(Connection to, OutMessage message);

    /** Run {@code message} on shard {@code shard}'s thread, at most once, later. */
    void toShard(int shard, LoopMessage message);

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
}
