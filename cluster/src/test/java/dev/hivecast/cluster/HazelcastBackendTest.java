package dev.hivecast.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the Hazelcast backend decides before it touches the network. */
class HazelcastBackendTest {

    private final HazelcastBackend backend = new HazelcastBackend(new BackendSettings(BackendSettings.HAZELCAST,
            "hivecast", "127.0.0.1", 5701, List.of(), "", Duration.ofSeconds(1), Duration.ofSeconds(5)));

    @Test
    void vertxHaIsRefusedBecauseItWouldTakeTheNodeListener() {
        Future<Vertx> started = backend.start(new VertxOptions().setHAEnabled(true), new RecordingListener());

        assertThat(started.failed()).isTrue();
        assertThat(started.cause()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("HA");
    }

    @Test
    void callsBeforeStartFailLoudly() {
        assertThatThrownBy(backend::nodeId).isInstanceOf(IllegalStateException.class).hasMessageContaining("not started");
        assertThatThrownBy(() -> backend.publish(Map.of())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void closingABackendThatNeverStartedDoesNothing() {
        assertThat(backend.close().succeeded()).isTrue();
    }
}
