package dev.hivecast.tracker.it.cluster;

import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Two tracker processes on 127.0.0.1 in one cluster, as in the middle of a rolling upgrade: node
 * {@value #OLD} runs an older jar, node {@value #NEW} this build. Both get only flags that both
 * releases read the same way (no durations: their syntax changed), so the older node sees exactly
 * what an operator's unchanged configuration would give it. Closing kills both at once: a drain
 * would only cost time here.
 */
final class MixedCluster implements AutoCloseable {

    static final int OLD = 0;
    static final int NEW = 1;
    private static final Duration FORM_WAIT = Duration.ofSeconds(60);

    private final String backend;
    private final TrackerProcess[] nodes = new TrackerProcess[2];
    private RedisServerProcess redis;

    private MixedCluster(String backend) {
        this.backend = backend;
    }

    /**
     * Starts the old node (after the cluster's own Redis for that backend), then the new one, as a
     * rollout adds a new pod to a running cluster; returns once each lists two live nodes.
     */
    static MixedCluster start(Path oldJar, Path newJar, Path logDir, String backend) {
        MixedCluster cluster = new MixedCluster(backend);
        try {
            int[] ports = TrackerCluster.freePorts(2);
            List<String> flags = new ArrayList<>(List.of("--host", "127.0.0.1", "--port", "0", "--event-loops", "1",
                    "--cluster.backend", backend,
                    "--cluster.name", "mixed-it-" + ProcessHandle.current().pid() + "-" + ports[0]));
            if (TrackerCluster.REDIS.equals(backend)) {
                cluster.redis = RedisServerProcess.start(ports[0], logDir.resolve("redis.log"));
                flags.addAll(List.of("--cluster.redis-url", cluster.redis.url()));
            } else {
                flags.addAll(List.of("--cluster.host", "127.0.0.1",
                        "--cluster.members", "127.0.0.1:" + ports[0] + ",127.0.0.1:" + ports[1]));
            }
            cluster.nodes[OLD] = TrackerProcess.launchExactly(oldJar, logDir.resolve(backend + "-old.log"),
                    withHazelcastPort(flags, backend, ports[0]));
            cluster.nodes[OLD].awaitListening();
            cluster.nodes[NEW] = TrackerProcess.launch(newJar, logDir.resolve(backend + "-new.log"),
                    withHazelcastPort(flags, backend, ports[1]));
            cluster.nodes[NEW].awaitListening();
            await("both nodes list 2 live nodes").atMost(FORM_WAIT).pollInterval(Duration.ofMillis(200))
                    .until(() -> cluster.liveNodes(OLD) == 2 && cluster.liveNodes(NEW) == 2);
            return cluster;
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    private static List<String> withHazelcastPort(List<String> flags, String backend, int port) {
        List<String> all = new ArrayList<>(flags);
        if (!TrackerCluster.REDIS.equals(backend)) {
            all.addAll(List.of("--cluster.port", String.valueOf(port)));
        }
        return all;
    }

    private int liveNodes(int i) {
        if (!nodes[i].isAlive()) {
            throw new IllegalStateException(name(i) + " node exited; log:\n" + nodes[i].tail());
        }
        return nodes[i].stats().getJsonObject("cluster").getInteger("liveNodes");
    }

    /** The WebSocket port of each node: index {@value #OLD}, then {@value #NEW}. */
    int[] ports() {
        return new int[] {nodes[OLD].port(), nodes[NEW].port()};
    }

    /** What node {@code i} counts of what crossed to and from other nodes. */
    JsonObject crossed(int i) {
        return nodes[i].stats().getJsonObject("cluster").getJsonObject("totals");
    }

    static String name(int i) {
        return i == OLD ? "old" : "new";
    }

    String backend() {
        return backend;
    }

    @Override
    public void close() {
        for (TrackerProcess node : nodes) {
            if (node != null) {
                node.kill();
            }
        }
        if (redis != null) {
            redis.close();
        }
    }
}
