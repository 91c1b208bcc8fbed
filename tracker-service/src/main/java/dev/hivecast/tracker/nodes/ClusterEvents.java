package dev.hivecast.tracker.nodes;

import dev.hivecast.cluster.ClusterListener;
import dev.hivecast.protocol.InfoHash;
import dev.hivecast.protocol.PeerId;
import io.vertx.core.buffer.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns what the cluster backend reports into work for this node's parts. */
public final class ClusterEvents implements ClusterListener {

    private static final Logger log = LoggerFactory.getLogger(ClusterEvents.class);

    private final ClusterView view;
    private final NodeLink link;
    private final SharePublisher publisher;
    private final ClusterCounters counters;

    public ClusterEvents(ClusterView view, NodeLink link, SharePublisher publisher, ClusterCounters counters) {
        this.view = view;
        this.link = link;
        this.publisher = publisher;
        this.counters = counters;
    }

    @Override
    public void nodeLeft(String nodeId) {
        counters.nodesLeft.increment();
        view.dropNode(nodeId);
        log.atInfo().addKeyValue("nodeId", nodeId)
                .log("Node {} left the cluster: its peers no longer receive offers from here", nodeId);
    }

    @Override
    public void republishNeeded() {
        log.info("The cluster directory may have lost this node's counts: publishing all of them again");
        publisher.republishAll();
    }

    @Override
    public void received(Buffer payload) {
        link.receive(payload);
    }

    @Override
    public void peerIdTakenOver(String swarm, String peerId, long hold) {
        InfoHash infoHash = InfoHash.fromHex(swarm);
        InfoHash peerBytes = InfoHash.fromHex(peerId); // 20 bytes either way; the protocol parses hex as an InfoHash only
        if (infoHash == null || peerBytes == null) {
            counters.badMessages.increment();
            return;
        }
        link.peerIdTakenOver(infoHash, new PeerId(peerBytes.toBytes()), hold);
    }

    @Override
    public void storeConnectionLost() {
        counters.storeLostAtNanos = System.nanoTime();
        counters.storeConnected = false;
        counters.storeOutages.increment();
        log.warn("Lost the cluster store: local peers are still served; counts and offers of other nodes "
                + "are not, until it is back");
    }

    @Override
    public void storeConnectionRestored() {
        long millis = (System.nanoTime() - counters.storeLostAtNanos) / 1_000_000;
        counters.storeOutageMillis.add(millis);
        counters.storeConnected = true;
        log.atInfo().addKeyValue("outageMillis", millis).log("The cluster store is back after {} ms", millis);
    }
}
