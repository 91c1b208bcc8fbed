package dev.hivecast.cluster;

import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.core.LifecycleListener;
import io.vertx.core.Context;
import io.vertx.core.spi.cluster.NodeListener;
import java.util.function.Consumer;

/**
 * Turns Hazelcast's membership and lifecycle events, which arrive on Hazelcast threads, into
 * {@link ClusterListener} calls on one Vert.x context, so the tracker never sees them concurrently.
 */
final class HazelcastEvents implements NodeListener, LifecycleListener {

    private final Context context;
    private final ClusterListener listener;
    private final Consumer<String> onNodeLeft;

    /**
     * @param onNodeLeft what the backend itself does when a node leaves (purging its shares),
     *                   called on the Hazelcast thread; must not block
     */
    HazelcastEvents(Context context, ClusterListener listener, Consumer<String> onNodeLeft) {
        this.context = context;
        this.listener = listener;
        this.onNodeLeft = onNodeLeft;
    }

    @Override
    public void nodeAdded(String nodeId) {
        // Nothing to do: a new node appears in reads once it publishes.
    }

    @Override
    public void nodeLeft(String nodeId) {
        context.runOnContext(ignored -> listener.nodeLeft(nodeId));
        onNodeLeft.accept(nodeId);
    }

    @Override
    public void stateChanged(LifecycleEvent event) {
        // After a split brain heals, the smaller side's entries lose to the larger side's
        // (Hazelcast's default put-if-absent merge), so this node's shares may be gone.
        if (event.getState() == LifecycleEvent.LifecycleState.MERGED) {
            context.runOnContext(ignored -> listener.republishNeeded());
        }
    }
}
