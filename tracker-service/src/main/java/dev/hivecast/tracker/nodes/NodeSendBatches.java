package dev.hivecast.tracker.nodes;

import dev.hivecast.tracker.swarm.NodeMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one event loop sends to other nodes in one turn, held until the turn ends and then sent
 * as one payload per node. A relay that crosses nodes paid for its own backend message: a
 * clustered event-bus message, a {@code send} syscall on this node and a read and a wake-up on the
 * other (docs/benchmarks.md#cluster: 52-56 us more than a local relay). A loop that reads many
 * frames in a turn, which is what a loaded node does, now pays that once per node per turn.
 * A loop that reads one frame per turn sends what it did at once, as before: nothing waits for
 * more traffic, so batching costs no latency beyond the rest of the turn.
 *
 * <p>Confined to its event loop: {@link #add} is called only there, and {@code atTurnEnd} must run
 * its task on the same loop after the work already queued there (Vert.x's
 * {@code Context.runOnContext} does).
 */
public final class NodeSendBatches {

    private static final Logger log = LoggerFactory.getLogger(NodeSendBatches.class);

    /** Messages per payload at most, so one payload stays a few hundred KiB at the largest. */
    static final int MAX_MESSAGES_PER_PAYLOAD = 64;

    private final NodeLink link;
    private final Consumer<Runnable> atTurnEnd;
    private final Map<String, List<NodeMessage>> waiting = new LinkedHashMap<>();
    private boolean sendQueued;

    public NodeSendBatches(NodeLink link, Consumer<Runnable> atTurnEnd) {
        this.link = link;
        this.atTurnEnd = atTurnEnd;
    }

    /** Sends {@code message} to {@code nodeId} at the end of this turn, with the others for that node. */
    public void add(String nodeId, NodeMessage message) {
        List<NodeMessage> forNode = waiting.computeIfAbsent(nodeId, k -> new ArrayList<>());
        forNode.add(message);
        if (forNode.size() == MAX_MESSAGES_PER_PAYLOAD) {
            waiting.remove(nodeId);
            link.send(nodeId, forNode);
        }
        if (!sendQueued) {
            sendQueued = true;
            atTurnEnd.accept(this::sendWaiting);
        }
    }

    private void sendWaiting() {
        sendQueued = false;
        if (waiting.isEmpty()) {
            return;
        }
        for (Map.Entry<String, List<NodeMessage>> batch : waiting.entrySet()) {
            try {
                link.send(batch.getKey(), batch.getValue());
            } catch (RuntimeException e) {
                // A bug must cost this node's batch, never the other nodes'. Delivery is at most once.
                log.atError().addKeyValue("messages", batch.getValue().size()).addKeyValue("nodeId", batch.getKey())
                        .setCause(e).log("Dropped {} messages to node {}", batch.getValue().size(), batch.getKey());
            }
        }
        waiting.clear();
    }
}
