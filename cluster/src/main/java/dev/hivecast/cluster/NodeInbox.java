package dev.hivecast.cluster;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;

/**
 * Where the cluster reaches this node: the event-bus consumer for payloads other nodes send here,
 * on an event-loop context of its own that {@link HazelcastEvents} also uses, so the tracker's
 * {@link ClusterListener} sees every call on one event loop, one at a time.
 */
final class NodeInbox extends VerticleBase {

    private final String address;
    private final String noticeAddress;
    private final ClusterListener listener;

    /** @param noticeAddress where other nodes say they took one of this node's peer_id holds over */
    NodeInbox(String address, String noticeAddress, ClusterListener listener) {
        this.address = address;
        this.noticeAddress = noticeAddress;
        this.listener = listener;
    }

    @Override
    public Future<?> start() {
        // Cluster-wide, not localConsumer: the point is that other nodes reach it.
        return Future.all(
                vertx.eventBus().<Buffer>consumer(address, message -> listener.received(message.body())).completion(),
                vertx.eventBus().<String>consumer(noticeAddress,
                        message -> PeerIdHold.deliverNotice(message.body(), listener)).completion());
    }

    Context context() {
        return context;
    }
}
