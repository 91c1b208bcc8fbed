package dev.hivecast.tracker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hivecast.protocol.ScrapeRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The Helm chart mounts the TLS Secret and the info_hash list ConfigMap as volumes, which the
 * kubelet updates by swapping a {@code ..data} symlink ({@link KubeletVolume}), never by writing
 * the files the tracker was given. Both reloaders must see such a swap: the TLS reloader reads the
 * files' bytes through the symlinks at every check, and the list reloader compares the modification
 * time and size of the file the symlink leads to (a new file, written at the swap).
 */
class KubeletVolumeReloadIT extends TrackerTestBase {

    /** Both reload intervals are 1 s; a swap must show within a few of them, on a busy machine too. */
    private static final Duration RELOAD_BOUND = Duration.ofSeconds(5);
    private static final String NOT_ALLOWED = "Info hash not allowed";
    private static final AtomicInteger GENERATION = new AtomicInteger();

    private final Path root = createTempDir();
    private KubeletVolume tlsSecret;
    private KubeletVolume listsConfigMap;
    private TestCertificate current;

    @Override
    protected String[] flags() {
        current = newCertificate();
        tlsSecret = KubeletVolume.create(root.resolve("tls"), tlsFiles(current));
        listsConfigMap = KubeletVolume.create(root.resolve("lists"), Map.of("allowlist.txt", "# none yet\n"));
        return new String[] {"--tls.cert-pem", tlsSecret.file("tls.crt").toString(),
                "--tls.key-pem", tlsSecret.file("tls.key").toString(), "--tls.reload-interval", "1s",
                "--access.info-hash-allowlist", listsConfigMap.file("allowlist.txt").toString(),
                "--access.list-reload-interval", "1s", "--admin.port", "0"};
    }

    @AfterAll
    void removeFiles() throws IOException {
        tlsSecret.delete();
        listsConfigMap.delete();
        try (var files = Files.list(root)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(root);
    }

    @Test
    void aRenewedCertificateSwappedInByTheKubeletIsServedToNewConnections() {
        Peer before = tlsPeer();
        double reloadsBefore = metric("tracker_tls_reloads_total", "result", "success");
        TestCertificate renewed = newCertificate();

        tlsSecret.update(tlsFiles(renewed));
        await("a new connection is served the renewed certificate").atMost(RELOAD_BOUND)
                .pollInterval(Duration.ofMillis(100)).until(() -> servedToANewConnection(renewed));
        current = renewed;

        assertThat(metric("tracker_tls_reloads_total", "result", "success")).isEqualTo(reloadsBefore + 1);
        assertThat(metric("tracker_tls_reloads_total", "result", "failure"))
                .as("cert and key swap together: never a mismatched pair").isZero();
        assertThat(before.isClosed()).isFalse();
    }

    @Test
    void anAllowlistSwappedInByTheKubeletIsAppliedAndTheNextSwapToo() {
        String first = Ids.infoHash();
        String second = Ids.infoHash();
        Peer p = tlsPeer();
        assertThat(p.request(ScrapeRequest.of(first).toString()).getString("failure reason")).isEqualTo(NOT_ALLOWED);

        listsConfigMap.update(Map.of("allowlist.txt", hex(first) + "\n"));
        await("the first swap applies").atMost(RELOAD_BOUND).pollInterval(Duration.ofMillis(100))
                .until(() -> p.request(ScrapeRequest.of(first).toString()).getString("failure reason") == null);

        // Same length as the first list: only the swap itself (a new file) tells them apart.
        listsConfigMap.update(Map.of("allowlist.txt", hex(second) + "\n"));
        await("the second swap applies").atMost(RELOAD_BOUND).pollInterval(Duration.ofMillis(100))
                .until(() -> p.request(ScrapeRequest.of(second).toString()).getString("failure reason") == null);
        assertThat(p.request(ScrapeRequest.of(first).toString()).getString("failure reason")).isEqualTo(NOT_ALLOWED);
        assertThat(metric("tracker_access_list_reload_failures_total", "list", "allowlist")).isZero();
    }

    private Peer tlsPeer() {
        return track(clients.connectTls(tracker.port(), "/"));
    }

    private boolean servedToANewConnection(TestCertificate expected) {
        try (Peer probe = clients.connectTls(tracker.port(), "/")) {
            return expected.isServedAs(probe.peerCertificates().get(0));
        }
    }

    private TestCertificate newCertificate() {
        return TestCertificate.make("kubelet-test-" + GENERATION.incrementAndGet(), root);
    }

    /** The keys of a kubernetes.io/tls Secret. */
    private static Map<String, String> tlsFiles(TestCertificate certificate) {
        return Map.of("tls.crt", certificate.certPem(), "tls.key", certificate.keyPem());
    }

    private static String hex(String binaryId) {
        return HexFormat.of().formatHex(binaryId.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static Path createTempDir() {
        try {
            return Files.createTempDirectory("kubelet-it");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
