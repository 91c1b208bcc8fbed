package dev.hivecast.cluster;

import static dev.hivecast.cluster.TestSupport.newSwarm;
import static dev.hivecast.cluster.TestSupport.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import redis.embedded.RedisServer;

/**
 * The ways an operator points the nodes at a Redis, each against a real redis-server configured
 * that way: a password (in the URL or given apart), a database number, TLS with a private CA.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisConnectionIT {

    private static final String HOST = "127.0.0.1";
    private static final String PASSWORD = "pw-" + UUID.randomUUID();
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    private RedisServer passwordServer;
    private int passwordPort;
    private RedisServer tlsServer;
    private int tlsPort;
    private TestCertificate certificate;
    private final List<TestNode> started = new ArrayList<>();

    @BeforeAll
    void startServers(@TempDir Path certificates) throws IOException {
        passwordPort = TestSupport.freeLoopbackPort();
        passwordServer = RedisServer.newRedisServer().bind(HOST).port(passwordPort)
                .setting("save \"\"").setting("appendonly no").setting("requirepass " + PASSWORD).build();
        passwordServer.start();

        certificate = TestCertificate.selfSignedFor(HOST, certificates);
        tlsPort = TestSupport.freeLoopbackPort();
        tlsServer = RedisServer.newRedisServer().bind(HOST).port(0)
                .setting("tls-port " + tlsPort)
                .setting("tls-cert-file " + certificate.certificatePem())
                .setting("tls-key-file " + certificate.privateKeyPem())
                .setting("tls-ca-cert-file " + certificate.certificatePem())
                .setting("tls-auth-clients no")
                .setting("save \"\"").setting("appendonly no").build();
        tlsServer.start();
    }

    @AfterEach
    void closeNodes() {
        started.forEach(node -> result(node.backend().close()));
        started.clear();
    }

    @AfterAll
    void stopServers() throws IOException {
        if (passwordServer != null) {
            passwordServer.stop();
        }
        if (tlsServer != null) {
            tlsServer.stop();
        }
    }

    @Test
    void aPasswordInTheUrlOrGivenApartLetsTheNodesIn() {
        String cluster = newClusterName();
        TestNode inUrl = start(cluster, RedisEndpoint.of("redis://:" + PASSWORD + "@" + HOST + ":" + passwordPort));
        TestNode apart = start(cluster, new RedisEndpoint("redis://" + HOST + ":" + passwordPort, PASSWORD, ""));

        assertSharesAndPayloadsFlow(inUrl, apart);
    }

    @Test
    void aNodeWithoutTheRightPasswordIsRefusedAndTheErrorDoesNotShowThePasswordItTried() {
        String wrong = "wrong-" + UUID.randomUUID();
        Throwable refused = catchThrowable(() -> start(newClusterName(),
                RedisEndpoint.of("redis://:" + wrong + "@" + HOST + ":" + passwordPort)));
        Throwable none = catchThrowable(() -> start(newClusterName(), RedisEndpoint.of("redis://" + HOST + ":" + passwordPort)));

        assertThat(refused).isNotNull();
        assertThat(messages(refused)).contains("could not connect to Redis at redis://:***@" + HOST).doesNotContain(wrong);
        assertThat(none).isNotNull();
        assertThat(messages(none)).contains("could not connect to Redis at redis://" + HOST);
    }

    @Test
    void nodesOnDifferentDatabasesOfOneServerAreDifferentClusters() {
        String cluster = newClusterName();
        String base = "redis://:" + PASSWORD + "@" + HOST + ":" + passwordPort;
        TestNode onDb1 = start(cluster, RedisEndpoint.of(base + "/1"));
        TestNode alsoOnDb1 = start(cluster, RedisEndpoint.of(base + "/1"));
        TestNode onDb2 = start(cluster, RedisEndpoint.of(base + "/2"));
        await().atMost(DEADLINE).until(() -> onDb1.backend().liveNodes().contains(alsoOnDb1.id()));
        String swarm = newSwarm();

        result(onDb1.backend().publish(Map.of(swarm, new NodeShare(1, 1, 0))));

        assertThat(result(alsoOnDb1.backend().sharesOf(swarm))).containsOnlyKeys(onDb1.id());
        assertThat(result(onDb2.backend().sharesOf(swarm))).isEmpty();
        assertThat(onDb2.backend().liveNodes()).containsExactly(onDb2.id());
    }

    @Test
    void overTlsNodesThatTrustTheServersCaShareSwarmsAndPayloads() {
        String cluster = newClusterName();
        RedisEndpoint endpoint = new RedisEndpoint("rediss://" + HOST + ":" + tlsPort, "",
                certificate.certificatePem().toString());

        assertSharesAndPayloadsFlow(start(cluster, endpoint), start(cluster, endpoint));
    }

    @Test
    void overTlsANodeThatDoesNotTrustTheServerOrSpeaksPlainTextIsRefused() {
        Throwable untrusted = catchThrowable(() -> start(newClusterName(), RedisEndpoint.of("rediss://" + HOST + ":" + tlsPort)));
        Throwable plain = catchThrowable(() -> start(newClusterName(), RedisEndpoint.of("redis://" + HOST + ":" + tlsPort)));

        assertThat(untrusted).isNotNull();
        assertThat(messages(untrusted)).contains("could not connect to Redis at rediss://" + HOST);
        assertThat(plain).isNotNull();
    }

    private void assertSharesAndPayloadsFlow(TestNode a, TestNode b) {
        await().atMost(DEADLINE).until(() -> a.backend().liveNodes().contains(b.id())
                && b.backend().liveNodes().contains(a.id()));
        String swarm = newSwarm();
        result(a.backend().publish(Map.of(swarm, new NodeShare(2, 3, 4))));
        assertThat(result(b.backend().sharesOf(swarm))).isEqualTo(Map.of(a.id(), new NodeShare(2, 3, 4)));
        String payload = "hello " + UUID.randomUUID();
        a.backend().send(b.id(), Buffer.buffer(payload));
        await().atMost(DEADLINE).untilAsserted(() -> assertThat(b.events().received()).contains(payload));
    }

    private TestNode start(String clusterName, RedisEndpoint endpoint) {
        BackendSettings settings = new BackendSettings(BackendSettings.REDIS, clusterName, HOST, 0, List.of(), "",
                Duration.ofMillis(500), Duration.ofSeconds(5)).withRedis(endpoint);
        RedisBackend backend = new RedisBackend(settings);
        RecordingListener events = new RecordingListener();
        TestNode node = new TestNode(backend, result(backend.start(new VertxOptions(), events)), events);
        started.add(node);
        return node;
    }

    private static String newClusterName() {
        return "hivecast-connection-" + UUID.randomUUID();
    }

    /** The messages of {@code error} and its causes, one per line. */
    private static String messages(Throwable error) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = error; t != null; t = t.getCause()) {
            all.append(t).append('\n');
        }
        return all.toString();
    }
}
