package dev.hivecast.cluster;

import com.hazelcast.core.ReadOnly;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.util.Map;

/**
 * Returns a swarm's stored shares unchanged. Submitted to many keys at once, it reads them with
 * one operation per member that owns any of them, where a {@code getAsync} per swarm would cost a
 * round trip each. Read-only, so Hazelcast neither locks the entries for writing nor runs a backup.
 */
final class ReadSwarmShares implements EntryProcessor<String, SwarmShares, SwarmShares>, ReadOnly,
        IdentifiedDataSerializable {

    static final ReadSwarmShares INSTANCE = new ReadSwarmShares();

    @Override
    public SwarmShares process(Map.Entry<String, SwarmShares> entry) {
        return entry.getValue();
    }

    @Override
    public EntryProcessor<String, SwarmShares, SwarmShares> getBackupProcessor() {
        return null;
    }

    @Override
    public void writeData(ObjectDataOutput out) {
        // stateless
    }

    @Override
    public void readData(ObjectDataInput in) {
        // stateless
    }

    @Override
    public int getFactoryId() {
        return DirectorySerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return DirectorySerialization.READ_SWARM_SHARES;
    }
}
