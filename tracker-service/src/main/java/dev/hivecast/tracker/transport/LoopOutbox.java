package dev.hivecast.tracker.transport;

import dev.hivecast.protocol.AnswerMessage;
import dev.hivecast.protocol.ErrorResponse;
import dev.hivecast.protocol.OfferMessage;
import dev.hivecast.protocol.OutMessage;
import dev.hivecast.tracker.insight.OfferCandidates;
import dev.hivecast.tracker.nodes.NodeSendBatches;
import dev.hivecast.tracker.swarm.Connection;
import dev.hivecast.tracker.swarm.Drop;
import dev.hivecast.tracker.swarm.LoopMessage;
import dev.hivecast.tracker.swarm.NodeMessage;
import dev.hivecast.tracker.swarm.Outbox;
import dev.hivecast.tracker.swarm.Outcome;

/**
 * Carries out a loop's decisions: write to a connection, or hand to another event loop or node.
 * Also where the swarm's outcomes are counted, so the swarm code stays free of meters. Each loop
 * has two: one for its own connections' work and one for work that came from other nodes, which
 * is how relays are told apart by where their sender is.
 */
final class LoopOutbox implements Outbox {

    private final Loops loops;
    private final LoopCounters counters;
    private final SignalingTimings timings;
    private final NodeSendBatches toOtherNodes;
    private final boolean forOtherNodes;
    private final OfferCandidates candidates;

    /**
     * @param toOtherNodes this loop's sends to other nodes; null on a lone node
     * @param candidates   where relayed offers' ICE candidate kinds are counted; null = not read
     */
    LoopOutbox(Loops loops, LoopCounters counters, SignalingTimings timings, NodeSendBatches toOtherNodes,
               boolean forOtherNodes, OfferCandidates candidates) {
        this.loops = loops;
        this.counters = counters;
        this.timings = timings;
        this.toOtherNodes = toOtherNodes;
        this.forOtherNodes = forOtherNodes;
        this.candidates = candidates;
    }

    @Override
    public void send(Connection to, OutMessage message) {
        long queueDrops = counters.sendQueueDrops;
        if (to.writer().write(message)) {
            if (message instanceof OfferMessage offer) {
                if (candidates != null) {
                    candidates.count(offer.offer()); // read where it lies: the slice of the frame it came in
                }
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

    @Override
    public void refuse(Connection to, ErrorResponse error, Outcome outcome) {
        counters.count(outcome);
        send(to, error);
    }

    @Override
    public void toLoop(int loopIndex, LoopMessage message) {
        loops.get(loopIndex).post(message);
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
        timings.offerAnswered(nanosSinceOffer);
    }

    @Override
    public void offerAnswered(long nanosSinceOffer, int level) {
        offerAnswered(nanosSinceOffer);
        counters.answeredAtLevel[level]++;
        counters.answerNanosAtLevel[level] += nanosSinceOffer;
    }

    @Override
    public void offerAt(int level) {
        counters.offersAtLevel[level]++;
    }
}
