package dev.hivecast.cluster;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The value of one swarm in the Hazelcast directory: each node's share of that swarm, by node id.
 * Only {@link SetNodeShares} and {@link PurgeNode} change it, inside the partition that owns the
 * swarm, so concurrent writes of different nodes never overwrite each other.
 */
final class SwarmShares implements IdentifiedDataSerializable {

    private final Map<String, NodeShare> byNode;

    /** For deserialization only. */
    SwarmShares() {
        this(new HashMap<>());
    }

    private SwarmShares(Map<String, NodeShare> byNode) {
        this.byNode = byNode;
    }

    static SwarmShares of(String nodeId, NodeShare share) {
        SwarmShares shares = new SwarmShares();
        shares.byNode.put(nodeId, share);
        return shares;
    }

    /** Sets {@code nodeId}'s share; an empty share removes the node. */
    void set(String nodeId, NodeShare share) {
        if (share.isEmpty()) {
            byNode.remove(nodeId);
        } else {
            byNode.put(nodeId, share);
        }
    }

    /** @return whether the node had a share */
    boolean remove(String nodeId) {
        return byNode.remove(nodeId) != null;
    }

    boolean isEmpty() {
        return byNode.isEmpty();
    }

    /** A read-only copy of the shares of the nodes {@code include} accepts. */
    Map<String, NodeShare> sharesOf(Predicate<String> include) {
        Map<String, NodeShare> selected = new HashMap<>();
        byNode.forEach((node, share) -> {
            if (include.test(node)) {
                selected.put(node, share);
            }
        });
        return Collections.unmodifiableMap(selected);
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeInt(byNode.size());
        for (Map.Entry<String, NodeShare> entry : byNode.entrySet()) {
            out.writeString(entry.getKey());
            DirectorySerialization.writeShare(out, entry.getValue());
        }
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        int size = in.readInt();
        for (int i = 0; i < size; i++) {
            byNode.put(in.readString(), DirectorySerialization.readShare(in));
        }
    }

    @Override
    public int getFactoryId() {
        return DirectorySerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return DirectorySerialization.SWARM_SHARES;
    }

    @Override
    public String toString() {
        return "SwarmShares" + byNode;
    }
}
