package dev.hivecast.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.core.LifecycleEvent.LifecycleState;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HazelcastEventsTest {

    private final Vertx vertx = Vertx.vertx();
    private final RecordingListener listener = new RecordingListener();
    private final List<String> purged = new CopyOnWriteArrayList<>();
    private final HazelcastEvents events = new HazelcastEvents(vertx.getOrCreateContext(), listener, purged::add);

    @AfterEach
    void close() {
        TestSupport.result(vertx.close());
    }

    @Test
    void aDepartedNodeIsReportedOnTheContextAndHandedToThePurge() {
        events.nodeLeft("node-1");

        await().atMost(Duration.ofSeconds(5)).until(() -> listener.nodesLeft().contains("node-1"));
        assertThat(purged).containsExactly("node-1");
        assertThat(listener.callsOffContext()).isZero();
    }

    @Test
    void aHealedSplitBrainAsksForARepublish() {
        events.stateChanged(new LifecycleEvent(LifecycleState.MERGING));
        events.stateChanged(new LifecycleEvent(LifecycleState.MERGED));

        await().atMost(Duration.ofSeconds(5)).until(() -> listener.republishRequests() == 1);
        assertThat(listener.callsOffContext()).isZero();
    }

    @Test
    void otherLifecycleChangesAskForNothing() {
        for (LifecycleState state : LifecycleState.values()) {
            if (state != LifecycleState.MERGED) {
                events.stateChanged(new LifecycleEvent(state));
            }
        }
        events.nodeLeft("marker");

        // Events run on the context in order: once the marker arrived, the others have been handled.
        await().atMost(Duration.ofSeconds(5)).until(() -> listener.nodesLeft().contains("marker"));
        assertThat(listener.republishRequests()).isZero();
    }
}
