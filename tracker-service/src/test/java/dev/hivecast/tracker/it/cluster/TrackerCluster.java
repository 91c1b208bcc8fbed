package dev.hivecast.tracker.it.cluster;

import static org.awaitility.Awaitility.await;

import dev.hivecast.tracker.it.PrometheusText;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Three tracker processes on 127.0.0.1 joined by one cluster backend: Hazelcast, as
 * {@code cluster.members} lists them, or a redis-server this cluster starts and owns. The ports are
 * picked free at start and kept for the cluster's life, so a node (or Redis) can be restarted where
 * the others expect it.
 */
final class TrackerCluster implements AutoCloseable {

    static final int SIZE = 3;
    static final String HAZELCAST = "hazelcast";
    static final String REDIS = "redis";
    /** cluster.failure-timeout of every node, in seconds. */
    static final int FAILURE_TIMEOUT_SECONDS = 5;
    /** drain.window of every node, in seconds. */
    static final int DRAIN_WINDOW_SECONDS = 1;
    private static final Duration FORM_WAIT = Duration.ofSeconds(60);

    private final Path jar;
    private final Path logDir;
    private final String backend;
    private final String routing;
    private final int[] hazelcastPorts;
    private final List<String> localityFlags;
    /** The cluster's Redis when {@link #backend} is {@value #REDIS}, else null. */
    private RedisServerProcess redis;
    private final TrackerProcess[] nodes = new TrackerProcess[SIZE];
    private int launches;

    private TrackerCluster(Path jar, Path logDir, String backend, String routing, int[] hazelcastPorts,
                           List<String> localityFlags) {
        this.localityFlags = localityFlags;
        this.jar = jar;
        this.logDir = logDir;
        this.backend = backend;
        this.routing = routing;
        this.hazelcastPorts = hazelcastPorts;
    }

    /**
     * Starts the three nodes in parallel; returns once each lists the other two as live. A port
     * found free can be taken as the local port of some connection before the node binds it; then
     * the cluster is started once more on other ports.
     */
    static TrackerCluster start(Path jar, Path logDir, String backend, String routing) {
        // Every peer here connects from 127.0.0.1, which locality would take for one household and
        // keep on its node: these clusters are about the routing without it.
        return start(jar, logDir, backend, routing, List.of("--locality.enabled", "false"));
    }

    /** @param localityFlags the nodes' locality settings */
    static TrackerCluster start(Path jar, Path logDir, String backend, String routing, List<String> localityFlags) {
        for (int attempt = 1; ; attempt++) {
            int[] ports = freePorts(SIZE + 1);
            TrackerCluster cluster = new TrackerCluster(jar, logDir, backend, routing, Arrays.copyOf(ports, SIZE),
                    localityFlags);
            try {
                if (REDIS.equals(backend)) {
                    cluster.redis = RedisServerProcess.start(ports[SIZE], logDir.resolve(routing + "-redis.log"));
                }
                for (int i = 0; i < SIZE; i++) {
                    cluster.launch(i);
                }
                for (TrackerProcess node : cluster.nodes) {
                    node.awaitListening(); // they boot side by side: waiting in turn costs no more
                }
                cluster.awaitFormed();
                return cluster;
            } catch (RuntimeException | Error e) {
                cluster.close();
                if (attempt == 2 || !cluster.lostAPort()) {
                    throw e;
                }
            }
        }
    }

    /** Whether a node failed because its port was taken meanwhile. */
    private boolean lostAPort() {
        return Arrays.stream(nodes).anyMatch(n -> n != null && n.tail().contains("Address already in use"));
    }

    /** A new process for node {@code i}, on the Hazelcast port it had; returns once the cluster is whole again. */
    void restart(int i) {
        nodes[i].stop();
        launch(i);
        nodes[i].awaitListening();
        awaitFormed();
    }

    /** Waits until every node lists three live nodes. */
    void awaitFormed() {
        await("every node lists " + SIZE + " live nodes").atMost(FORM_WAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> IntStream.range(0, SIZE).allMatch(i ->
                        nodes[i].isAlive() && stats(i).getJsonObject("cluster").getInteger("liveNodes") == SIZE));
    }

    TrackerProcess node(int i) {
        return nodes[i];
    }

    String routing() {
        return routing;
    }

    String backend() {
        return backend;
    }

    /** The cluster's redis-server; only for the {@value #REDIS} backend. */
    RedisServerProcess redis() {
        if (redis == null) {
            throw new IllegalStateException("a " + backend + " cluster has no Redis");
        }
        return redis;
    }

    /** The WebSocket port of each node, by index. */
    int[] ports() {
        return IntStream.range(0, SIZE).map(i -> nodes[i].port()).toArray();
    }

    PrometheusText metrics(int i) {
        return nodes[i].metrics();
    }

    JsonObject stats(int i) {
        return nodes[i].stats();
    }

    /** Starts a process for every node that has none running, in parallel, then waits for the cluster. */
    void restartDead() {
        if (redis != null && !redis.isAlive()) {
            redis.restart();
        }
        List<Integer> dead = IntStream.range(0, SIZE).filter(i -> !nodes[i].isAlive()).boxed().toList();
        for (int i : dead) {
            launch(i);
        }
        for (int i : dead) {
            nodes[i].awaitListening();
        }
        awaitFormed();
    }

    /** Waits until no node has a connection left: whatever a test opened has been cleaned up. */
    void awaitNoConnections() {
        await("no connections left on any node").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> IntStream.range(0, SIZE).allMatch(i -> stats(i).getInteger("connections") == 0));
    }

    private void launch(int i) {
        List<String> members = new ArrayList<>();
        for (int port : hazelcastPorts) {
            members.add("127.0.0.1:" + port);
        }
        Path log = logDir.resolve(String.format("%s-%s-node%d-%02d.log", backend, routing, i, ++launches));
        List<String> flags = new ArrayList<>(List.of(
                "--host", "127.0.0.1", "--port", "0", "--event-loops", "1",
                "--cluster.backend", backend,
                // Its own name: only these three nodes form this cluster, whatever else runs here.
                "--cluster.name", "cluster-it-" + ProcessHandle.current().pid() + "-" + hazelcastPorts[0],
                "--cluster.failure-timeout", FAILURE_TIMEOUT_SECONDS + "s",
                "--cluster.offer-routing", routing,
                "--drain.window", DRAIN_WINDOW_SECONDS + "s"));
        flags.addAll(localityFlags);
        if (REDIS.equals(backend)) {
            flags.addAll(List.of("--cluster.redis-url", redis.url()));
        } else {
            flags.addAll(List.of("--cluster.host", "127.0.0.1", "--cluster.port", String.valueOf(hazelcastPorts[i]),
                    "--cluster.members", String.join(",", members)));
        }
        nodes[i] = TrackerProcess.launch(jar, log, flags);
    }

    /** Ports free right now on 127.0.0.1, all held open together so that they differ. */
    static int[] freePorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1")));
            }
            return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
        } catch (IOException e) {
            throw new IllegalStateException("no free port on 127.0.0.1", e);
        } finally {
            for (ServerSocket s : sockets) {
                try {
                    s.close();
                } catch (IOException e) {
                    // nothing bound to release
                }
            }
        }
    }

    /** Stops every node: SIGTERM to all, then SIGKILL to any still running after the grace period. */
    @Override
    public void close() {
        for (TrackerProcess node : nodes) {
            if (node != null) {
                node.terminate();
            }
        }
        for (TrackerProcess node : nodes) {
            if (node != null) {
                node.stop();
            }
        }
        if (redis != null) {
            redis.close();
        }
    }

    /** The jar of the package phase, which failsafe names in the system property {@code tracker.jar}. */
    static Path jarUnderTest() {
        String jar = System.getProperty("tracker.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("system property tracker.jar must name the tracker jar, not " + jar);
        }
        return Path.of(jar);
    }
}
