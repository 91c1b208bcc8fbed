package dev.hivecast.cluster;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Sets one node's share of several swarms in one partition: the one write a publish sends per
 * partition. It carries only the swarms of that partition, so its size (and that of its backup,
 * since Hazelcast replays the same processor on the backup replica) is proportional to the
 * partition's part of the batch, not to the whole batch.
 */
final class SetNodeShares implements EntryProcessor<String, SwarmShares, Void>, IdentifiedDataSerializable {

    private String nodeId;
    private Map<String, NodeShare> bySwarm;

    /** For deserialization only. */
    SetNodeShares() {
    }

    SetNodeShares(String nodeId, Map<String, NodeShare> bySwarm) {
        this.nodeId = nodeId;
        this.bySwarm = bySwarm;
    }

    @Override
    public Void process(Map.Entry<String, SwarmShares> entry) {
        NodeShare share = bySwarm.get(entry.getKey());
        if (share == null) {
            return null;
        }
        SwarmShares shares = entry.getValue();
        if (shares == null) {
            if (!share.isEmpty()) {
                entry.setValue(SwarmShares.of(nodeId, share));
            }
            return null;
        }
        shares.set(nodeId, share);
        // The stored value is a deserialized copy: it must be set back, or removed when no node is left.
        entry.setValue(shares.isEmpty() ? null : shares);
        return null;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(nodeId);
        out.writeInt(bySwarm.size());
        for (Map.Entry<String, NodeShare> entry : bySwarm.entrySet()) {
            out.writeString(entry.getKey());
            DirectorySerialization.writeShare(out, entry.getValue());
        }
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        nodeId = in.readString();
        int size = in.readInt();
        bySwarm = new HashMap<>(size * 2);
        for (int i = 0; i < size; i++) {
            bySwarm.put(in.readString(), DirectorySerialization.readShare(in));
        }
    }

    @Override
    public int getFactoryId() {
        return DirectorySerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return DirectorySerialization.SET_NODE_SHARES;
    }
}
