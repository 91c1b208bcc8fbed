package dev.hivecast.tracker.it.cluster;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One three-node cluster per backend for every cluster IT of a test run. Forming a cluster costs
 * about 20 s of this machine's two cores, so a class takes over the cluster of its backend the
 * previous one left, after it is made whole: a node that was killed or drained is started again
 * (and a killed Redis), and nothing is left connected. A class that needs another offer routing
 * gets a new cluster. An idle cluster costs little, so one of each backend may run side by side.
 *
 * <p>The clusters live in the root store of the JUnit run, which closes them when the run ends,
 * whether the tests passed or not: every process is then stopped by its pid (SIGTERM, then
 * SIGKILL after a grace period). A shutdown hook does the same if the test JVM itself is stopped.
 */
final class SharedCluster implements BeforeAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedCluster.class);

    private Pool pool;

    @Override
    public void beforeAll(ExtensionContext context) {
        pool = context.getRoot().getStore(NAMESPACE).computeIfAbsent(Pool.class);
    }

    /** A whole cluster on {@code backend} whose nodes route offers as {@code routing} says. */
    TrackerCluster cluster(String backend, String routing) {
        return pool.acquire(backend, routing);
    }

    /** A whole cluster on {@code backend}, whatever its offer routing (local-first when one must be started). */
    TrackerCluster anyCluster(String backend) {
        return pool.acquire(backend, null);
    }

    static final class Pool implements AutoCloseable {

        private final Path jar = TrackerCluster.jarUnderTest();
        private final Path logDir = Path.of("target", "cluster-it",
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        private final Thread onJvmExit = new Thread(this::stopClusters, "cluster-it-shutdown");
        private final Map<String, TrackerCluster> clusters = new HashMap<>();

        Pool() {
            Runtime.getRuntime().addShutdownHook(onJvmExit);
        }

        synchronized TrackerCluster acquire(String backend, String routing) {
            TrackerCluster cluster = clusters.get(backend);
            if (cluster != null && routing != null && !routing.equals(cluster.routing())) {
                stopCluster(backend);
                cluster = null;
            }
            if (cluster != null) {
                try {
                    cluster.restartDead();
                    cluster.awaitNoConnections();
                    return cluster;
                } catch (RuntimeException | Error e) {
                    System.out.println("[cluster-it] the previous " + backend + " cluster could not be made whole ("
                            + e + "): starting a new one");
                    stopCluster(backend);
                }
            }
            long started = System.nanoTime();
            cluster = TrackerCluster.start(jar, logDir, backend, routing == null ? "local-first" : routing);
            clusters.put(backend, cluster);
            System.out.printf("[cluster-it] 3-node %s cluster (%s) formed in %d ms; logs in %s%n", backend,
                    cluster.routing(), (System.nanoTime() - started) / 1_000_000, logDir.toAbsolutePath());
            return cluster;
        }

        private synchronized void stopCluster(String backend) {
            TrackerCluster cluster = clusters.remove(backend);
            if (cluster != null) {
                cluster.close();
            }
        }

        private synchronized void stopClusters() {
            List.copyOf(clusters.keySet()).forEach(this::stopCluster);
        }

        @Override
        public void close() {
            stopClusters();
            try {
                Runtime.getRuntime().removeShutdownHook(onJvmExit);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: the hook runs anyway
            }
        }
    }
}
