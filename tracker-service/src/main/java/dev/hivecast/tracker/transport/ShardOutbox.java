package dev.hivecast.tracker.transport;

import dev.hivecast.tracker.cluster.NodeSendBatches;
import dev.hivecast.tracker.protocol.AnswerMessage;
import dev.hivecast.tracker.protocol.ErrorResponse;
import dev.hivecast.tracker.protocol.OfferMessage;
import dev.hivecast.tracker.protocol.OutMessage;
import dev.hivecast.tracker.swarm.Drop;
import dev.hivecast.tracker.swarm.NodeMessage;
import dev.hivecast.tracker.swarm.Outbox;
import dev.hivecast.tracker.swarm.PeerSession;
import dev.hivecast.tracker.swarm.ShardMessage;
import dev.hivecast.tracker.swarm.SwarmShard;

/**
 * Carries out a shard's decisions: encode and write, or hand to another event loop. Also where
 * the shard's outcomes are counted, so the swarm code stays free of meters. Each loop has two:
 * one for its own connections' work and one for work that came from other nodes, which is how
 * relays are told apart by where their sender is.
 */
final class ShardOutbox implements Outbox {

    private final SignalingNode node;
    private final ShardCounters counters;
    private final NodeSendBatches toOtherNodes;
    private final boolean forOtherNodes;

    /** @param toOtherNodes this loop's sends to other nodes; null on a lone node */
    ShardOutbox(SignalingNode node, ShardCounters counters, NodeSendBatches toOtherNodes, boolean forOtherNodes) {
        this.node = node;
        this.counters = counters;
        this.toOtherNodes = toOtherNodes;
        this.forOtherNodes = forOtherNodes;
    }

    @Override
    public void send(PeerSession to, OutMessage message) {
        TrackerConnection connection = (TrackerConnection) to.link();
        if (message instanceof ErrorResponse error) {
            refused(error.reason());
        }
        long queueDrops = counters.sendQueueDrops;
        if (write(connection, message)) {
            if (message instanceof OfferMessage) {
                if (forOtherNodes) {
                    counters.offersFromOtherNodes++;
                } else {
                    counters.offersRelayedLocal++;
                }
            } else if (message instanceof AnswerMessage) {
                if (forOtherNodes) {
                    counters.answersFromOtherNodes++;
                } else {
                    counters.answersRelayedLocal++;
                }
            }
        } else if (counters.sendQueueDrops != queueDrops) {
            if (message instanceof OfferMessage) {
                counters.offersQueueFull++;
            } else if (message instanceof AnswerMessage) {
                counters.answersQueueFull++;
            }
        }
    }

    /** Relays go out in pieces, straight into their frame (RelayParts); replies as one array. */
    private boolean write(TrackerConnection connection, OutMessage message) {
        if (message instanceof OfferMessage offer) {
            return connection.send(node.codec().encodeRelay(offer));
        }
        if (message instanceof AnswerMessage answer) {
            return connection.send(node.codec().encodeRelay(answer));
        }
        return connection.send(node.codec().encode(message));
    }

    private void refused(String reason) {
        switch (reason) {
            case SwarmShard.PEER_ID_TAKEN -> counters.failuresPeerIdTaken++;
            case SwarmShard.NO_MATCHING_OFFER -> counters.failuresNoMatchingOffer++;
            case SwarmShard.FULL_SCRAPE_REFUSED -> counters.failuresScrapeRefused++;
            default -> counters.failuresInvalid++;
        }
    }

    @Override
    public void toShard(int shard, ShardMessage message) {
        node.verticle(shard).post(message);
    }

    @Override
    public void toNode(String nodeId, NodeMessage message) {
        if (toOtherNodes != null) {
            toOtherNodes.add(nodeId, message);
        }
    }

    @Override
    public void dropped(Drop reason) {
        counters.dropped(reason);
    }

    @Override
    public void offerAnswered(long nanosSinceOffer) {
        counters.offersAnswered++;
        node.timings().offerAnswered(nanosSinceOffer);
    }
}
