package dev.hivecast.cluster;

import static dev.hivecast.cluster.TestSupport.newSwarm;
import static dev.hivecast.cluster.TestSupport.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What a node does when its Redis goes away and comes back empty. */
class RedisReconnectIT {

    private static final Duration HEARTBEAT = Duration.ofMillis(500);
    /** As in {@link RedisBackendIT}: well above a stall of the one JVM all nodes share. */
    private static final Duration FAILURE_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    @RegisterExtension
    static final RedisBackendIT.EmbeddedRedis REDIS = new RedisBackendIT.EmbeddedRedis();

    private final String clusterName = "hivecast-reconnect-" + UUID.randomUUID();

    @Test
    void afterARedisRestartNodesReconnectAskForARepublishAndWorkAgain() throws IOException {
        TestNode a = startNode();
        TestNode b = startNode();
        try {
            await().atMost(DEADLINE).until(() -> a.backend().liveNodes().contains(b.id())
                    && b.backend().liveNodes().contains(a.id()));
            String swarm = newSwarm();
            result(a.backend().publish(Map.of(swarm, new NodeShare(1, 2, 0))));
            assertThat(result(b.backend().sharesOf(swarm))).containsOnlyKeys(a.id());

            REDIS.restart();

            await().atMost(DEADLINE).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
                assertThat(a.events().republishRequests()).isEqualTo(1);
                assertThat(b.events().republishRequests()).isEqualTo(1);
            });
            for (TestNode node : List.of(a, b)) {
                assertThat(node.events().storeConnectionsLost()).as("losses reported").isEqualTo(1);
                assertThat(node.events().storeConnectionsRestored()).as("restorations reported").isEqualTo(1);
            }
            // The restarted server is empty: the shares come back only with the republish asked for.
            assertThat(storedNodesOf(b, swarm)).isEmpty();
            // Each node learns of the other again from the other's first beat after the restart.
            await().atMost(DEADLINE).until(() -> a.backend().liveNodes().contains(b.id())
                    && b.backend().liveNodes().contains(a.id()));
            result(a.backend().publish(Map.of(swarm, new NodeShare(1, 2, 0))));
            assertThat(result(b.backend().sharesOf(swarm))).isEqualTo(Map.of(a.id(), new NodeShare(1, 2, 0)));
            a.backend().send(b.id(), Buffer.buffer("after the restart"));
            await().atMost(DEADLINE).untilAsserted(() -> assertThat(b.events().received()).contains("after the restart"));
            assertThat(a.events().callsOffContext() + b.events().callsOffContext()).isZero();
        } finally {
            result(a.backend().close());
            result(b.backend().close());
        }
    }

    private static Set<String> storedNodesOf(TestNode reader, String swarm) {
        return result(((RedisBackend) reader.backend()).storedNodesOf(swarm));
    }

    private TestNode startNode() {
        BackendSettings settings = new BackendSettings(BackendSettings.REDIS, clusterName, "127.0.0.1", 0, List.of(),
                "", HEARTBEAT, FAILURE_TIMEOUT).withRedisUrl(REDIS.url());
        RedisBackend backend = new RedisBackend(settings);
        RecordingListener events = new RecordingListener();
        return new TestNode(backend, result(backend.start(new VertxOptions(), events)), events);
    }
}
