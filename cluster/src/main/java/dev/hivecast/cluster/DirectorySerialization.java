package dev.hivecast.cluster;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;

/**
 * Creates the swarm directory's Hazelcast types by id. Identified serialization writes two ints
 * per object instead of a class name and needs no reflection, which matters because every
 * directory write ships an entry processor and every read a {@link SwarmShares}.
 */
final class DirectorySerialization implements DataSerializableFactory {

    /** Any positive id works as long as no other factory in the member uses it (Hazelcast's own are negative). */
    static final int FACTORY_ID = 0x48495645;

    static final int SWARM_SHARES = 1;
    static final int SET_NODE_SHARES = 2;
    static final int PURGE_NODE = 3;
    static final int READ_SWARM_SHARES = 4;

    @Override
    public IdentifiedDataSerializable create(int typeId) {
        return switch (typeId) {
            case SWARM_SHARES -> new SwarmShares();
            case SET_NODE_SHARES -> new SetNodeShares();
            case PURGE_NODE -> new PurgeNode();
            case READ_SWARM_SHARES -> ReadSwarmShares.INSTANCE;
            default -> throw new IllegalArgumentException("unknown swarm directory type " + typeId);
        };
    }

    static void writeShare(ObjectDataOutput out, NodeShare share) throws IOException {
        out.writeInt(share.complete());
        out.writeInt(share.incomplete());
        out.writeLong(share.downloaded());
    }

    static NodeShare readShare(ObjectDataInput in) throws IOException {
        return new NodeShare(in.readInt(), in.readInt(), in.readLong());
    }
}
