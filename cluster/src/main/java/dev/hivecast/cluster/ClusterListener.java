package dev.hivecast.cluster;

import io.vertx.core.buffer.Buffer;

/** What a backend tells the tracker about the cluster. Called on a Vert.x context, never blocking. */
public interface ClusterListener {

    /** {@code nodeId} left or was declared dead: its shares are no longer reported, its messages stop. */
    void nodeLeft(String nodeId);

    /**
     * The directory may have lost this node's shares (a split brain healed, the store restarted or
     * became reachable again): publish every share of this node again.
     */
    void republishNeeded();

    /** A payload another node {@link ClusterBackend#send sent} to this one. */
    void received(Buffer payload);

    /**
     * The backend lost its connection to the store it shares with the other nodes (Redis): until
     * {@link #storeConnectionRestored}, directory reads and writes fail at once and payloads to
     * other nodes are dropped. Backends without such a store (local, Hazelcast) never call it.
     */
    default void storeConnectionLost() {
    }

    /** The connection {@link #storeConnectionLost} reported is back. */
    default void storeConnectionRestored() {
    }

    /**
     * A connection of another node took over hold {@code hold} of this node on ({@code swarm},
     * {@code peerId}) (the same client reconnected there): this node's member under it must go.
     */
    default void peerIdTakenOver(String swarm, String peerId, long hold) {
    }
}
