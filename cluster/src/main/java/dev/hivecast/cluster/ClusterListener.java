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
}
