package dev.hivecast.cluster;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Records what a backend tells its node, and whether it did so on an event loop as promised. */
final class RecordingListener implements ClusterListener {

    private final List<String> received = new CopyOnWriteArrayList<>();
    private final List<byte[]> receivedBytes = new CopyOnWriteArrayList<>();
    private final Set<String> nodesLeft = ConcurrentHashMap.newKeySet();
    private final AtomicInteger republishRequests = new AtomicInteger();
    private final AtomicInteger callsOffContext = new AtomicInteger();
    private final AtomicInteger storeConnectionsLost = new AtomicInteger();
    private final AtomicInteger storeConnectionsRestored = new AtomicInteger();
    private final List<String> peerIdsTakenOver = new CopyOnWriteArrayList<>();

    @Override
    public void nodeLeft(String nodeId) {
        checkContext();
        nodesLeft.add(nodeId);
    }

    @Override
    public void republishNeeded() {
        checkContext();
        republishRequests.incrementAndGet();
    }

    @Override
    public void received(Buffer payload) {
        checkContext();
        received.add(payload.toString());
        receivedBytes.add(payload.getBytes());
    }

    @Override
    public void storeConnectionLost() {
        checkContext();
        storeConnectionsLost.incrementAndGet();
    }

    @Override
    public void storeConnectionRestored() {
        checkContext();
        storeConnectionsRestored.incrementAndGet();
    }

    @Override
    public void peerIdTakenOver(String swarm, String peerId, long hold) {
        checkContext();
        peerIdsTakenOver.add(swarm + ":" + peerId + " " + hold);
    }

    /** Holds of this node that another node took over, as {@code swarm:peerId hold}. */
    List<String> peerIdsTakenOver() {
        return List.copyOf(peerIdsTakenOver);
    }

    int storeConnectionsLost() {
        return storeConnectionsLost.get();
    }

    int storeConnectionsRestored() {
        return storeConnectionsRestored.get();
    }

    /** Payloads received, as UTF-8 text. */
    List<String> received() {
        return List.copyOf(received);
    }

    /** Payloads received, byte for byte. */
    List<byte[]> receivedBytes() {
        return List.copyOf(receivedBytes);
    }

    Set<String> nodesLeft() {
        return Set.copyOf(nodesLeft);
    }

    int republishRequests() {
        return republishRequests.get();
    }

    /** Calls made anywhere but on a Vert.x event-loop context. */
    int callsOffContext() {
        return callsOffContext.get();
    }

    void clear() {
        received.clear();
        receivedBytes.clear();
        nodesLeft.clear();
        republishRequests.set(0);
        storeConnectionsLost.set(0);
        storeConnectionsRestored.set(0);
        peerIdsTakenOver.clear();
    }

    private void checkContext() {
        Context context = Vertx.currentContext();
        if (context == null || !context.isEventLoopContext()) {
            callsOffContext.incrementAndGet();
        }
    }
}
