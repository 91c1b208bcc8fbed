package dev.hivecast.tracker.transport;

import dev.hivecast.tracker.cluster.NodeLink;
import dev.hivecast.tracker.protocol.AnswerMessage;
import dev.hivecast.tracker.protocol.OfferMessage;
import dev.hivecast.tracker.protocol.OutMessage;
import dev.hivecast.tracker.swarm.Drop;
import dev.hivecast.tracker.swarm.NodeMessage;
import dev.hivecast.tracker.swarm.Outbox;
import dev.hivecast.tracker.swarm.PeerSession;
import dev.hivecast.tracker.swarm.ShardMessage;

/** Carries out a shard's decisions: encode and write, or hand to another event loop. */
final class ShardOutbox implements Outbox {

    private final SignalingNode node;
    private final ShardCounters counters;

    ShardOutbox(SignalingNode node, ShardCounters counters) {
        this.node = node;
        this.counters = counters;
    }

    @Override
    public void send(PeerSession to, OutMessage message) {
        TrackerConnection connection = (TrackerConnection) to.link();
        if (connection.send(node.codec().encode(message))) {
            if (message instanceof OfferMessage) {
                counters.offersRelayed++;
            } else if (message instanceof AnswerMessage) {
                counters.answersRelayed++;
            }
        }
    }

    @Override
    public void toShard(int shard, ShardMessage message) {
        node.verticle(shard).post(message);
    }

    @Override
    public void toNode(String nodeId, NodeMessage message) {
        NodeLink link = node.nodeLink();
        if (link != null) {
            link.send(nodeId, message);
        }
    }

    @Override
    public void dropped(Drop reason) {
        counters.dropped(reason);
    }
}
