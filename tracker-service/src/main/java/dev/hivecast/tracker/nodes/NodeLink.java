package dev.hivecast.tracker.nodes;

import dev.hivecast.protocol.PeerId;
import dev.hivecast.protocol.InfoHash;
import dev.hivecast.cluster.ClusterBackend;
import dev.hivecast.protocol.Offer;
import dev.hivecast.tracker.swarm.NodeMessage;
import dev.hivecast.tracker.swarm.NodeMessage.RemoteAnswer;
import dev.hivecast.tracker.swarm.NodeMessage.RemoteOffers;
import dev.hivecast.tracker.swarm.OfferOrigin;
import dev.hivecast.tracker.swarm.Connection;
import dev.hivecast.tracker.swarm.LoopMessage;
import dev.hivecast.tracker.swarm.LoopMessage.ForwardedAnswer;
import dev.hivecast.tracker.swarm.LoopMessage.ForwardedOffers;
import dev.hivecast.tracker.swarm.LoopMessage.TakenOverElsewhere;
import dev.hivecast.tracker.swarm.SliceDirectory;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves {@link NodeMessage}s between nodes: encodes what a loop sends to another node, and turns
 * what arrives into work for this node's loops. An offer from another node goes to a loop
 * chosen by its members of the swarm (then a random member there); an answer goes to the loop
 * of the connection that made the offer. Delivery is at most once: what cannot be delivered is
 * counted and dropped, never retried. Event loops send through {@link NodeSendBatches}, which
 * puts a turn's messages for one node into one payload.
 */
public final class NodeLink {

    private static final Logger log = LoggerFactory.getLogger(NodeLink.class);

    /** How the link reaches other nodes: the cluster backend, in production. */
    public interface Sender {
        String nodeId();

        void send(String nodeId, Buffer payload);

        static Sender of(ClusterBackend backend) {
            return new Sender() {
                @Override
                public String nodeId() {
                    return backend.nodeId();
                }

                @Override
                public void send(String nodeId, Buffer payload) {
                    backend.send(nodeId, payload);
                }
            };
        }
    }

    /** How the link reaches this node's event loops and connections. */
    public interface LocalLoops {
        /** Runs {@code message} on loop {@code loopIndex}, later; dropped if that loop has not started. */
        void post(int loopIndex, LoopMessage message);

        /** The open connection with this id, or null. */
        Connection connection(long connectionId);
    }

    private final Sender sender;
    private final SliceDirectory directory;
    private final ClusterCounters counters;
    private final SplittableRandom random = new SplittableRandom();
    private final LocalLoops loops;

    /** @param loops this node's loops, which take their slots as they start (until then a message for one is dropped) */
    public NodeLink(Sender sender, SliceDirectory directory, ClusterCounters counters, LocalLoops loops) {
        this.sender = sender;
        this.directory = directory;
        this.counters = counters;
        this.loops = loops;
    }

    /** Any event loop: all of {@code messages} in one payload to {@code nodeId}, in their order. */
    public void send(String nodeId, List<? extends NodeMessage> messages) {
        messages.forEach(this::count);
        counters.payloadsSent.increment();
        sender.send(nodeId, NodeMessageCodec.encode(sender.nodeId(), messages));
    }

    private void count(NodeMessage message) {
        if (message instanceof RemoteOffers o) {
            counters.offersSent.add(o.offers().size());
        } else {
            counters.answersSent.increment();
        }
    }

    /** A payload from another node; on the backend's context. */
    public void receive(Buffer payload) {
        NodeMessageCodec.Envelope envelope;
        try {
            envelope = NodeMessageCodec.decode(payload);
        } catch (IllegalArgumentException e) {
            counters.badMessages.increment();
            log.atWarn().addKeyValue("cause", e.getMessage())
                    .log("Dropped a message from another node that this node cannot read: {}", e.getMessage());
            return;
        }
        for (NodeMessage message : envelope.messages()) {
            if (message instanceof RemoteOffers o) {
                receiveOffers(envelope.fromNode(), o);
            } else if (message instanceof RemoteAnswer a) {
                receiveAnswer(a);
            }
        }
    }

    private synchronized int[] split(RemoteOffers o, int[] nearByLoop) {
        // SplittableRandom is not thread-safe; arrivals may come from more than one context.
        if (o.locality() == null) {
            return directory.splitOverLoops(o.infoHash(), o.offers().size(), random);
        }
        return directory.splitNearOverLoops(o.infoHash(), o.locality(), o.near(), o.offers().size(), nearByLoop, random);
    }

    private void receiveOffers(String fromNode, RemoteOffers o) {
        counters.offersReceived.add(o.offers().size());
        int[] nearByLoop = new int[directory.loops()];
        int[] given = split(o, nearByLoop);
        OfferOrigin origin = new OfferOrigin.Remote(fromNode, o.originConnection());
        int from = 0;
        for (int k = 0; k < given.length; k++) {
            if (given[k] > 0) {
                List<Offer> part = List.copyOf(o.offers().subList(from, from + given[k]));
                from += given[k];
                loops.post(k, o.locality() == null ? new ForwardedOffers(o.infoHash(), o.offerer(), origin, part)
                        : new ForwardedOffers(o.infoHash(), o.offerer(), origin, part, o.locality(), nearByLoop[k]));
            }
        }
        // The sender's view was older than the swarm here: members left meanwhile.
        counters.undeliverable.add(o.offers().size() - from);
    }

    /** Another node took this node's hold {@code hold} on a peer_id over: the loop holding it drops its member. */
    public void peerIdTakenOver(InfoHash infoHash, PeerId peerId, long hold) {
        int loop = directory.loopHolding(infoHash, peerId, hold);
        if (loop >= 0) {
            loops.post(loop, new TakenOverElsewhere(infoHash, peerId, hold));
        }
    }

    private void receiveAnswer(RemoteAnswer a) {
        counters.answersReceived.increment();
        Connection target = loops.connection(a.targetConnection());
        if (target == null || !target.isOpen()) {
            counters.undeliverable.increment();
            return;
        }
        loops.post(target.loop(), new ForwardedAnswer(target, null, a.answer()));
    }
}
