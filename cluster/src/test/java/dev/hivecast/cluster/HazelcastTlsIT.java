package dev.hivecast.cluster;

import static dev.hivecast.cluster.TestSupport.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two Hazelcast members with cluster TLS on: one holds a certificate of the cluster CA, the other
 * one of another CA. Both are members (membership does not travel on the event bus), but relays
 * to and from the foreign one fail and are counted; once its files are replaced with ones of the
 * cluster CA, its relays pass with no restart. (Three nodes of one CA relaying over TLS: the
 * interop cluster suite.) Two members, not three, to keep the build short.
 */
class HazelcastTlsIT {

    private static final String HOST = "127.0.0.1";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration RELAY_WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path dir;
    private static final String CLUSTER_NAME = "hivecast-tls-it-" + UUID.randomUUID();
    private static final List<String> MEMBERS = new ArrayList<>();
    private static ClusterCerts clusterCa;
    private static TestNode a;
    private static TestNode foreign;
    private static Path foreignCert;
    private static Path foreignKey;
    private static Path foreignCa;

    @BeforeAll
    static void startCluster() throws IOException {
        clusterCa = ClusterCerts.authority(dir, "cluster-ca");
        ClusterCerts otherCa = ClusterCerts.authority(dir.resolve("other"), "other-ca");
        ClusterCerts.NodeFiles filesA = clusterCa.node("node-a");
        ClusterCerts.NodeFiles filesF = otherCa.node("node-foreign");
        // The foreign node reads its files by these paths, so the test can swap them later.
        foreignCert = Files.copy(filesF.cert(), dir.resolve("foreign.crt"));
        foreignKey = Files.copy(filesF.key(), dir.resolve("foreign.key"));
        foreignCa = Files.copy(otherCa.caPem(), dir.resolve("foreign-ca.pem"));
        a = start(new ClusterTls(filesA.cert().toString(), filesA.key().toString(), clusterCa.caPem().toString(),
                Duration.ofSeconds(1)));
        foreign = start(new ClusterTls(foreignCert.toString(), foreignKey.toString(), foreignCa.toString(),
                Duration.ofMillis(200)));
        await().atMost(START_TIMEOUT).until(() -> a.backend().liveNodes().size() == 2);
    }

    @AfterAll
    static void stopCluster() {
        for (TestNode node : new TestNode[] {foreign, a}) {
            if (node != null) {
                result(node.backend().close(), START_TIMEOUT);
            }
        }
    }

    private static TestNode start(ClusterTls tls) {
        int port = TestSupport.freeLoopbackPort();
        BackendSettings settings = new BackendSettings(BackendSettings.HAZELCAST, CLUSTER_NAME, HOST, port,
                List.copyOf(MEMBERS), "", Duration.ofSeconds(1), Duration.ofSeconds(5));
        MEMBERS.add(HOST + ":" + port);
        HazelcastBackend backend = new HazelcastBackend(settings, new EventBusSettings(0, tls));
        RecordingListener events = new RecordingListener();
        Vertx vertx = result(backend.start(new VertxOptions(), events), START_TIMEOUT);
        return new TestNode(backend, vertx, events);
    }

    private static EventBusTls tlsOf(TestNode node) {
        return ((HazelcastBackend) node.backend()).tls();
    }

    /** Sends {@code text} from one node to another once every 100 ms until it arrives, at most {@link #RELAY_WAIT}. */
    private static void relayArrives(TestNode from, TestNode to, String text) {
        await().atMost(RELAY_WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
            from.backend().send(to.id(), Buffer.buffer(text));
            return to.events().received().contains(text);
        });
    }

    @Test
    void theForeignNodeIsRefusedBothWaysUntilItsFilesAreOfTheClusterCa() throws Exception {
        long refusedBefore = tlsOf(a).refusedPeers();
        for (int i = 0; i < 10; i++) {
            a.backend().send(foreign.id(), Buffer.buffer("a-to-foreign-" + i));
            foreign.backend().send(a.id(), Buffer.buffer("foreign-to-a-" + i));
            Thread.sleep(100);
        }
        await().atMost(RELAY_WAIT).until(() -> tlsOf(a).refusedPeers() > refusedBefore);
        assertThat(foreign.events().received()).noneMatch(text -> text.startsWith("a-to-foreign"));
        assertThat(a.events().received()).noneMatch(text -> text.startsWith("foreign-to-a"));
        assertThat(foreign.backend().liveNodes()).as("membership is not what TLS guards").hasSize(2);

        // cert-manager's way: new files of the cluster CA under the same names; no restart.
        ClusterCerts.NodeFiles admitted = clusterCa.node("node-foreign-admitted");
        Files.copy(clusterCa.caPem(), foreignCa, StandardCopyOption.REPLACE_EXISTING);
        Files.copy(admitted.key(), foreignKey, StandardCopyOption.REPLACE_EXISTING);
        Files.copy(admitted.cert(), foreignCert, StandardCopyOption.REPLACE_EXISTING);
        await().atMost(RELAY_WAIT).until(() -> tlsOf(foreign).reloads() >= 1);
        relayArrives(foreign, a, "foreign-to-a-admitted");
        relayArrives(a, foreign, "a-to-foreign-admitted");
    }
}
