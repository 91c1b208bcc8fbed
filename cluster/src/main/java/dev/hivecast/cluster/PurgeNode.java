package dev.hivecast.cluster;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;
import java.util.Map;

/** Removes a departed node's share from every swarm it touches; run by one survivor over the whole map. */
final class PurgeNode implements EntryProcessor<String, SwarmShares, Void>, IdentifiedDataSerializable {

    private String nodeId;

    /** For deserialization only. */
    PurgeNode() {
    }

    PurgeNode(String nodeId) {
        this.nodeId = nodeId;
    }

    @Override
    public Void process(Map.Entry<String, SwarmShares> entry) {
        SwarmShares shares = entry.getValue();
        // Entries without a share of the node are not rewritten: most of the map, on most purges.
        if (shares != null && shares.remove(nodeId)) {
            entry.setValue(shares.isEmpty() ? null : shares);
        }
        return null;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(nodeId);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        nodeId = in.readString();
    }

    @Override
    public int getFactoryId() {
        return DirectorySerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return DirectorySerialization.PURGE_NODE;
    }
}
