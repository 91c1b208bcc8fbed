package dev.hivecast.cluster;

import static dev.hivecast.cluster.TestSupport.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.embedded.RedisServer;

/** The contract against a real redis-server 6.2 on loopback, one per test class, nodes on plain Vert.x. */
class RedisBackendIT extends ClusterBackendContract {

    private static final String HOST = "127.0.0.1";
    private static final Duration HEARTBEAT = Duration.ofMillis(500);
    /**
     * Every node of this test lives in the one test JVM, so a stall of that JVM (a collection, JIT,
     * two busy cores) stops every heartbeat at once while Redis's clock runs on; after it, the first
     * node to beat drops the others. The margin over the heartbeat must dwarf such stalls: 5 s, as
     * the Hazelcast IT (a 2 s timeout failed a CI run once, with every share of one node missing
     * from another's reads).
     */
    private static final Duration FAILURE_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    /** A name of its own, so keys of another run can never mix in. */
    private final String clusterName = "hivecast-it-" + UUID.randomUUID();

    /** Started before the contract's @BeforeAll starts the nodes, stopped after its @AfterAll closed them. */
    @RegisterExtension
    static final EmbeddedRedis REDIS = new EmbeddedRedis();

    /** Nodes started and not killed: each must see the newcomers before a test uses them. */
    private final List<TestNode> running = new ArrayList<>();

    @Override
    protected List<TestNode> startNodes(int count) {
        List<TestNode> nodes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            nodes.add(startNode());
        }
        running.addAll(nodes);
        // A node learns of the others on its next heartbeat.
        await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(50)).until(() -> running.stream()
                .allMatch(node -> node.backend().liveNodes().containsAll(idsOf(running))));
        return nodes;
    }

    private static Set<String> idsOf(List<TestNode> nodes) {
        return Set.copyOf(nodes.stream().map(TestNode::id).toList());
    }

    private TestNode startNode() {
        BackendSettings settings = new BackendSettings(BackendSettings.REDIS, clusterName, HOST, 0, List.of(), "",
                HEARTBEAT, FAILURE_TIMEOUT).withRedisUrl(REDIS.url());
        RedisBackend backend = new RedisBackend(settings);
        RecordingListener events = new RecordingListener();
        Vertx vertx = result(backend.start(new VertxOptions(), events), START_TIMEOUT);
        return new TestNode(backend, vertx, events);
    }

    @Override
    protected void kill(TestNode node) {
        running.remove(node);
        result(redis(node).crash());
    }

    @Override
    protected long storeWrites(TestNode node) {
        return redis(node).directoryWriteOperations();
    }

    @Override
    protected long storeReads(TestNode node) {
        return redis(node).directoryReadOperations();
    }

    @Override
    protected long storeWritesPerPublishLimit() {
        return 1;
    }

    @Override
    protected Set<String> storedNodesOf(TestNode reader, String swarm) {
        return result(redis(reader).storedNodesOf(swarm));
    }

    @Test
    void payloadsArriveByteForByte() {
        TestNode a = clusterNodes().get(0);
        TestNode b = clusterNodes().get(1);
        byte[] everyByte = new byte[256];
        for (int i = 0; i < everyByte.length; i++) {
            everyByte[i] = (byte) i;
        }

        a.backend().send(b.id(), Buffer.buffer(everyByte));

        await().atMost(DELIVERY_DEADLINE).untilAsserted(() ->
                assertThat(b.events().receivedBytes()).anySatisfy(bytes -> assertThat(bytes).isEqualTo(everyByte)));
    }

    private static RedisBackend redis(TestNode node) {
        return (RedisBackend) node.backend();
    }

    /** A redis-server process on a free loopback port, without persistence. */
    static final class EmbeddedRedis implements BeforeAllCallback, AfterAllCallback {

        private RedisServer server;
        private int port;
        private String url;

        @Override
        public void beforeAll(ExtensionContext context) throws IOException {
            port = TestSupport.freeLoopbackPort();
            start();
            url = "redis://" + HOST + ":" + port;
        }

        @Override
        public void afterAll(ExtensionContext context) throws IOException {
            if (server != null) {
                server.stop();
            }
        }

        /** Stops the server and starts an empty one on the same port, as a restart without persistence. */
        void restart() throws IOException {
            server.stop();
            start();
        }

        private void start() throws IOException {
            server = RedisServer.newRedisServer().bind(HOST).port(port)
                    .setting("save \"\"").setting("appendonly no").build();
            server.start();
        }

        String url() {
            return url;
        }
    }
}
