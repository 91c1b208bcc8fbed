package dev.hivecast.tracker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hivecast.protocol.ClientAnnounce;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * docs/protocol.md#i59 in cluster mode: two nodes (in this JVM) joined by Hazelcast on loopback. Only
 * node A reads the allowlist, so what node B reports shows what left the cluster directory: when
 * A evicts a swarm, A's share of it leaves the directory as after a normal leave, and B's counts
 * drop to B's own members, while B's members are untouched.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterEvictionIT {

    /** The list is re-read every second; publication and views add 2 s at most (docs/cluster.md). */
    private static final Duration BOUND = Duration.ofSeconds(10);

    private final String evicted = Ids.infoHash();
    private final String kept = Ids.infoHash();
    private Path allowlist;
    private RunningTracker a;
    private RunningTracker b;
    private Clients clients;

    @BeforeAll
    void startTwoNodes() throws IOException {
        allowlist = Files.createTempFile("cluster-allow", ".txt");
        write(evicted + "\n" + kept + "\n");
        int[] ports = freePorts();
        String members = "127.0.0.1:" + ports[0] + ",127.0.0.1:" + ports[1];
        String name = "access-it-" + ProcessHandle.current().pid() + "-" + ports[0];
        a = RunningTracker.start("--cluster.backend", "hazelcast", "--cluster.name", name, "--cluster.host", "127.0.0.1",
                "--cluster.port", String.valueOf(ports[0]), "--cluster.members", members,
                "--access.info-hash-allowlist", allowlist.toString(), "--access.list-reload-interval", "1s");
        b = RunningTracker.start("--cluster.backend", "hazelcast", "--cluster.name", name, "--cluster.host", "127.0.0.1",
                "--cluster.port", String.valueOf(ports[1]), "--cluster.members", members);
        clients = new Clients();
        await("the two nodes see each other").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> a.stats().getJsonObject("cluster").getInteger("liveNodes") == 2);
    }

    @AfterAll
    void stop() throws Exception {
        try {
            clients.close();
        } finally {
            b.close();
            a.close();
            Files.deleteIfExists(allowlist);
        }
    }

    @Test
    void I59_aSwarmEvictedOnOneNodeLeavesTheClusterDirectoryLikeANormalLeave() {
        Peer onA = clients.connect(a.port());
        Peer onB = clients.connect(b.port());
        String peerA = Ids.peerId();
        String peerB = Ids.peerId();
        onA.announce(ClientAnnounce.started(evicted, peerA).toString());
        onA.announce(ClientAnnounce.started(kept, peerA).toString());
        onB.announce(ClientAnnounce.started(evicted, peerB).toString());
        await("B counts A's member").atMost(BOUND).pollInterval(Duration.ofMillis(100))
                .until(() -> onB.scrape(evicted).getInteger("incomplete") == 2);

        write(kept + "\n");
        await("A's share of the evicted swarm gone from B's counts").atMost(BOUND).pollInterval(Duration.ofMillis(100))
                .until(() -> onB.scrape(evicted).getInteger("incomplete") == 1);

        JsonObject refusal = onA.request(ClientAnnounce.started(evicted, peerA).toString());
        assertThat(refusal.getString("failure reason")).isEqualTo("Info hash not allowed");
        assertThat(onB.announce(ClientAnnounce.of(evicted, peerB).toString()).getInteger("incomplete"))
                .as("B's own member stays; the list is A's").isEqualTo(1);
        assertThat(onB.scrape(kept).getInteger("incomplete")).as("the kept swarm, cluster-wide").isEqualTo(1);
        onA.close();
        onB.close();
    }

    private void write(String content) {
        try {
            Path temporary = allowlist.resolveSibling(allowlist.getFileName() + ".new");
            Files.writeString(temporary, content);
            Files.move(temporary, allowlist, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int[] freePorts() throws IOException {
        try (ServerSocket first = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
             ServerSocket second = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return new int[] {first.getLocalPort(), second.getLocalPort()};
        }
    }
}
