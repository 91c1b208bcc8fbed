package dev.hivecast.cluster;

import static dev.hivecast.cluster.TestSupport.newSwarm;
import static dev.hivecast.cluster.TestSupport.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.VertxOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Departed nodes leave nothing behind in Redis, whoever was meant to clean up after them. */
class RedisPurgeIT {

    private static final Duration HEARTBEAT = Duration.ofMillis(500);
    private static final Duration FAILURE_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration DEADLINE = FAILURE_TIMEOUT.multipliedBy(2).plusSeconds(5);

    @RegisterExtension
    static final RedisBackendIT.EmbeddedRedis REDIS = new RedisBackendIT.EmbeddedRedis();

    private final String clusterName = "hivecast-purge-" + UUID.randomUUID();
    private final List<TestNode> started = new ArrayList<>();

    @AfterEach
    void closeNodes() {
        started.forEach(node -> result(node.backend().close()));
    }

    @Test
    void aDepartedNodeIsPurgedEvenWhenTheNodeThatShouldHavePurgedItDiesFirst() {
        List<TestNode> nodes = new ArrayList<>(List.of(startNode(), startNode(), startNode()));
        nodes.sort(Comparator.comparing(TestNode::id));
        TestNode lowest = nodes.get(0);
        TestNode departing = nodes.get(1);
        TestNode survivor = nodes.get(2);
        await().atMost(DEADLINE).until(() -> nodes.stream().allMatch(n -> n.backend().liveNodes().size() == 3));
        String swarm = newSwarm();
        result(departing.backend().publish(Map.of(swarm, new NodeShare(1, 0, 0))));
        result(lowest.backend().publish(Map.of(swarm, new NodeShare(0, 1, 0))));

        // The lowest node, whose job the purge is, dies before its first beat after the other
        // node's liveness expires: it never sees that node leave.
        result(redis(departing).crash());
        LockSupport.parkNanos(FAILURE_TIMEOUT.minusSeconds(1).toNanos());
        result(redis(lowest).crash());

        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThat(storedNodesOf(survivor, swarm)).isEmpty());
        assertThat(survivor.events().nodesLeft()).contains(departing.id(), lowest.id());
    }

    private TestNode startNode() {
        BackendSettings settings = new BackendSettings(BackendSettings.REDIS, clusterName, "127.0.0.1", 0, List.of(),
                "", HEARTBEAT, FAILURE_TIMEOUT).withRedisUrl(REDIS.url());
        RedisBackend backend = new RedisBackend(settings);
        RecordingListener events = new RecordingListener();
        TestNode node = new TestNode(backend, result(backend.start(new VertxOptions(), events)), events);
        started.add(node);
        return node;
    }

    private static RedisBackend redis(TestNode node) {
        return (RedisBackend) node.backend();
    }

    private static Set<String> storedNodesOf(TestNode reader, String swarm) {
        return result(redis(reader).storedNodesOf(swarm));
    }
}
