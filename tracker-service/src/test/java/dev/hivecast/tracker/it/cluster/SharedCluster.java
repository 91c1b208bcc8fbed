package dev.hivecast.tracker.it.cluster;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One three-node cluster for every cluster IT of a test run. Forming a cluster costs about 20 s of
 * this machine's two cores, so a class takes over the cluster the previous one left, after it is
 * made whole: a node that was killed or drained is started again, and nothing is left connected.
 * A class that needs another offer routing gets a new cluster.
 *
 * <p>The cluster lives in the root store of the JUnit run, which closes it when the run ends,
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

    /** A whole cluster whose nodes route offers as {@code routing} says. */
    TrackerCluster cluster(String routing) {
        return pool.acquire(routing);
    }

    /** A whole cluster, whatever its offer routing (local-first when one must be started). */
    TrackerCluster anyCluster() {
        return pool.acquire(null);
    }

    static final class Pool implements AutoCloseable {

        private final Path jar = TrackerCluster.jarUnderTest();
        private final Path logDir = Path.of("target", "cluster-it",
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        private final Thread onJvmExit = new Thread(this::stopCluster, "cluster-it-shutdown");
        private TrackerCluster cluster;

        Pool() {
            Runtime.getRuntime().addShutdownHook(onJvmExit);
        }

        synchronized TrackerCluster acquire(String routing) {
            if (cluster != null && routing != null && !routing.equals(cluster.routing())) {
                stopCluster();
            }
            if (cluster != null) {
                try {
                    cluster.restartDead();
                    cluster.awaitNoConnections();
                    return cluster;
                } catch (RuntimeException | Error e) {
                    System.out.println("[cluster-it] the previous cluster could not be made whole (" + e
                            + "): starting a new one");
                    stopCluster();
                }
            }
            long started = System.nanoTime();
            cluster = TrackerCluster.start(jar, logDir, routing == null ? "local-first" : routing);
            System.out.printf("[cluster-it] 3-node cluster (%s) formed in %d ms; logs in %s%n", cluster.routing(),
                    (System.nanoTime() - started) / 1_000_000, logDir.toAbsolutePath());
            return cluster;
        }

        private synchronized void stopCluster() {
            if (cluster != null) {
                cluster.close();
                cluster = null;
            }
        }

        @Override
        public void close() {
            stopCluster();
            try {
                Runtime.getRuntime().removeShutdownHook(onJvmExit);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: the hook runs anyway
            }
        }
    }
}
