package dev.hivecast.cluster;

import static dev.hivecast.cluster.TestSupport.newSwarm;
import static dev.hivecast.cluster.TestSupport.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.map.IMap;
import com.hazelcast.spi.properties.ClusterProperty;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The contract against real Hazelcast members, each with its own clustered Vert.x, on loopback TCP. */
class HazelcastBackendIT extends ClusterBackendContract {

    private static final String HOST = "127.0.0.1";
    private static final Duration HEARTBEAT = Duration.ofSeconds(1);
    private static final Duration FAILURE_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    /** A name of its own, so a stray member of another run can never join. */
    private final String clusterName = "hivecast-it-" + UUID.randomUUID();
    private final List<String> memberAddresses = new ArrayList<>();

    @Override
    protected List<TestNode> startNodes(int count) {
        List<TestNode> nodes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            nodes.add(startNode());
        }
        return nodes;
    }

    private TestNode startNode() {
        int port = TestSupport.freeLoopbackPort();
        BackendSettings settings = new BackendSettings(BackendSettings.HAZELCAST, clusterName, HOST, port,
                nextMembers(port), "", HEARTBEAT, FAILURE_TIMEOUT);
        HazelcastBackend backend = new HazelcastBackend(settings);
        RecordingListener events = new RecordingListener();
        Vertx vertx = result(backend.start(new VertxOptions(), events), START_TIMEOUT);
        awaitClusterSafe(backend);
        return new TestNode(backend, vertx, events);
    }

    /** Lets partitions finish migrating to a newcomer, so no test races a migration. */
    private static void awaitClusterSafe(HazelcastBackend member) {
        await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(100))
                .until(() -> member.hazelcastInstance().getPartitionService().isClusterSafe());
    }

    /** Each member lists those started before it, as a rolling deployment's seed list would. */
    private List<String> nextMembers(int port) {
        List<String> members = List.copyOf(memberAddresses);
        memberAddresses.add(HOST + ":" + port);
        return members;
    }

    @Override
    protected void kill(TestNode node) {
        hazelcast(node).hazelcastInstance().getLifecycleService().terminate();
    }

    @Override
    protected long storeWrites(TestNode node) {
        return hazelcast(node).directoryWriteOperations();
    }

    @Override
    protected long storeReads(TestNode node) {
        return hazelcast(node).directoryReadOperations();
    }

    @Override
    protected long storeWritesPerPublishLimit() {
        // One entry-processor call per partition at most: 271 with Hazelcast's default partition count.
        return Long.parseLong(ClusterProperty.PARTITION_COUNT.getDefaultValue());
    }

    @Override
    protected Set<String> storedNodesOf(TestNode reader, String swarm) {
        IMap<String, SwarmShares> swarms = hazelcast(reader).hazelcastInstance().getMap(HazelcastConfigs.SWARMS_MAP);
        SwarmShares stored = swarms.get(swarm);
        return stored == null ? Set.of() : stored.sharesOf(node -> true).keySet();
    }

    /**
     * A member that stops answering without closing its connections (a frozen VM, a lost machine)
     * is only found out by missed heartbeats: this is the failure timeout itself, where
     * {@link #kill} takes the quicker path of refused connections.
     */
    @Test
    void aFrozenNodeIsDeclaredDeadAfterTheFailureTimeout() throws Exception {
        String swarm = newSwarm();
        Path output = Files.createTempFile("hivecast-frozen-node", ".log");
        Process frozen = startNodeProcess(swarm, output);
        try {
            String frozenId = awaitReady(frozen, output);
            TestNode reader = clusterNodes().get(0);
            awaitClusterSafe(hazelcast(reader));
            assertThat(result(reader.backend().sharesOf(swarm))).containsOnlyKeys(frozenId);

            long frozenAt = System.nanoTime();
            signal(frozen, "STOP");
            await().atMost(DEAD_NODE_DEADLINE).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                for (TestNode survivor : clusterNodes()) {
                    assertThat(survivor.events().nodesLeft()).contains(frozenId);
                    assertThat(result(survivor.backend().sharesOf(swarm))).isEmpty();
                }
            });
            Duration declaredDead = Duration.ofNanos(System.nanoTime() - frozenAt);
            System.out.printf("[%s] frozen node declared dead on every survivor after %d ms (failure timeout %d ms)%n",
                    getClass().getSimpleName(), declaredDead.toMillis(), FAILURE_TIMEOUT.toMillis());
            // Found by missed heartbeats, not refused connections (about 0.5 s); the margin allows for a
            // last heartbeat sent late by a busy machine before the freeze.
            assertThat(declaredDead).isGreaterThan(FAILURE_TIMEOUT.dividedBy(2));
        } finally {
            frozen.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            Files.deleteIfExists(output);
        }
    }

    private Process startNodeProcess(String swarm, Path output) throws IOException {
        int port = TestSupport.freeLoopbackPort();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                FrozenNodeMain.class.getName(), clusterName, HOST, Integer.toString(port), swarm));
        command.addAll(nextMembers(port));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    }

    private static String awaitReady(Process process, Path output) {
        return await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(100))
                .until(() -> readyLine(process, output.toFile()), Optional::isPresent)
                .orElseThrow();
    }

    private static Optional<String> readyLine(Process process, File output) throws IOException {
        List<String> lines = Files.readAllLines(output.toPath(), StandardCharsets.UTF_8);
        if (!process.isAlive()) {
            throw new AssertionError("the node process exited early:\n" + String.join("\n", lines));
        }
        return lines.stream().filter(line -> line.startsWith(FrozenNodeMain.READY))
                .map(line -> line.substring(FrozenNodeMain.READY.length()).trim())
                .findFirst();
    }

    private static void signal(Process process, String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).isZero();
    }

    private static HazelcastBackend hazelcast(TestNode node) {
        return (HazelcastBackend) node.backend();
    }
}
