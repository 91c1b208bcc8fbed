package dev.hivecast.tracker.transport;

import dev.hivecast.tracker.nodes.NodeSendBatches;
import dev.hivecast.protocol.AnswerMessage;
import dev.hivecast.protocol.ErrorResponse;
import dev.hivecast.protocol.OfferMessage;
import dev.hivecast.protocol.OutMessage;
import dev.hivecast.tracker.swarm.Drop;
import dev.hivecast.tracker.swarm.NodeMessage;
import dev.hivecast.tracker.swarm.Outbox;
import dev.hivecast.tracker.swarm.Connection;
import dev.hivecast.tracker.swarm.LoopMessage;
import dev.hivecast.tracker.swarm.LoopSwarms;

/**
 * Carries out a shard's decisions: encode and write, or hand to another event loop. Also where
 * the shard's outcomes are counted, so the swarm code stays free of meters. Each loop has two:
 * one for its own connections' work and one for work that came from other nodes, which is how
 * relays are told apart by where their sender is.
 */
final class LoopOutbox implements Outbox {

    private final SignalingNode node;
    private final LoopCounters counters;
    private final NodeSendBatches toOtherNodes;
    private final boolean forOtherNodes;

    /** @param toOtherNodes this loop's sends to other nodes; null on a lone node */
    LoopOutbox(SignalingNode node, LoopCounters counters, NodeSendBatches toOtherNodes, boolean forOtherNodes) {
        this.node = node;
        this.counters = counters;
        this.toOtherNodes = toOtherNodes;
        this.forOtherNodes = forOtherNodes;
    }

    @Override
    public void send(Connection to, OutMessage message) {
        ConnectionHandler connection = (ConnectionHandler) to.link();
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
    private boolean write(ConnectionHandler connection, OutMessage message) {
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
            case LoopSwarms.PEER_ID_TAKEN -> counters.failuresPeerIdTaken++;
            case LoopSwarms.NO_MATCHING_OFFER -> counters.failuresNoMatchingOffer++;
            case LoopSwarms.FULL_SCRAPE_REFUSED -> counters.failuresScrapeRefused++;
            default -> counters.failuresInvalid++;
        }
    }

    @Override
    public void toShard(int shard, LoopMessage message) {
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
