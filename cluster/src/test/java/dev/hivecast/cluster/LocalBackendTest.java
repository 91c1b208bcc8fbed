package dev.hivecast.cluster;

import static dev.hivecast.cluster.TestSupport.newSwarm;
import static dev.hivecast.cluster.TestSupport.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The single node: the contract's rules that still mean something when there is no other node. */
class LocalBackendTest {

    private final LocalBackend backend = new LocalBackend();
    private final RecordingListener events = new RecordingListener();
    private Vertx vertx;

    @BeforeEach
    void start() {
        vertx = result(backend.start(new VertxOptions(), events));
    }

    @AfterEach
    void close() {
        result(backend.close());
    }

    @Test
    void theNodeIsTheOnlyLiveNodeUnderAStableId() {
        String id = backend.nodeId();

        assertThat(id).isNotBlank();
        assertThat(backend.nodeId()).isEqualTo(id);
        assertThat(backend.liveNodes()).containsExactly(id);
    }

    @Test
    void startMakesAPlainVertxInstance() {
        assertThat(vertx).isNotNull();
        assertThat(vertx.isClustered()).isFalse();
    }

    @Test
    void aNodesOwnShareIsNotReturnedSoNothingIs() {
        String swarm = newSwarm();

        result(backend.publish(Map.of(swarm, new NodeShare(1, 2, 3))));

        assertThat(result(backend.sharesOf(swarm))).isEmpty();
        assertThat(result(backend.sharesOfEach(Set.of(swarm)))).isEqualTo(Map.of(swarm, Map.of()));
    }

    @Test
    void payloadsHaveNowhereToGoAndAreDroppedWithoutError() {
        assertThatCode(() -> {
            backend.send(backend.nodeId(), Buffer.buffer("to self"));
            backend.send(UUID.randomUUID().toString(), Buffer.buffer("to nobody"));
        }).doesNotThrowAnyException();

        assertThat(events.received()).isEmpty();
    }

    @Test
    void withdrawCompletesAtOnce() {
        result(backend.publish(Map.of(newSwarm(), new NodeShare(1, 0, 0))));

        assertThat(backend.withdraw().succeeded()).isTrue();
    }
}
