package dev.hivecast.tracker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hivecast.protocol.AnswerRequest;
import dev.hivecast.protocol.ClientAnnounce;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * docs/protocol.md#i64: wss:// served straight from PEM files, and a certificate replaced on disk is
 * served to new connections while the connections already open stay up and keep working. The
 * certificates are made by keytool while the test runs; /stats and /metrics are on a plain admin
 * port.
 */
class TlsIT extends TrackerTestBase {

    /** tls.reload-interval is 1 s; a renewal must show within a few of them, on a busy machine too. */
    private static final Duration RELOAD_BOUND = Duration.ofSeconds(5);
    private static final AtomicInteger GENERATION = new AtomicInteger();

    private final Path dir = createTempDir();
    private final Path cert = dir.resolve("tls.crt");
    private final Path key = dir.resolve("tls.key");
    private TestCertificate current;

    @Override
    protected String[] flags() {
        current = newCertificate();
        current.writeTo(cert, key);
        return new String[] {"--tls.cert-pem", cert.toString(), "--tls.key-pem", key.toString(),
                "--tls.reload-interval", "1s", "--admin.port", "0"};
    }

    @AfterAll
    void removeFiles() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }

    @Test
    void I64_aWssConnectionIsServedTheCertificateFromThePemFilesAndWorks() {
        Peer p = tlsPeer();
        String infoHash = Ids.infoHash();

        JsonObject reply = p.announce(ClientAnnounce.started(infoHash, Ids.peerId()).toString());

        assertThat(reply.getInteger("incomplete")).isEqualTo(1);
        assertThat(current.isServedAs(p.peerCertificates().get(0))).as("served %s", p.peerCertificates().get(0))
                .isTrue();
        assertThat(tracker.server().playerUrl()).startsWith("wss://");
    }

    @Test
    void I64_aReplacedCertificateIsServedToNewConnectionsWhileOpenOnesStayUpAndWork() {
        String infoHash = Ids.infoHash();
        String oldId = Ids.peerId();
        Peer old = tlsPeer();
        old.announce(ClientAnnounce.started(infoHash, oldId).toString());
        double reloadsBefore = metric("tracker_tls_reloads_total", "result", "success");
        TestCertificate renewed = newCertificate();

        long written = System.nanoTime();
        renewed.writeTo(cert, key);
        await("a new connection is served the renewed certificate").atMost(RELOAD_BOUND)
                .pollInterval(Duration.ofMillis(100)).until(() -> servedToANewConnection(renewed));
        long seenAfterMillis = (System.nanoTime() - written) / 1_000_000;
        current = renewed;

        // The connection made before the swap still has its session and still relays both ways.
        String newId = Ids.peerId();
        Peer fresh = tlsPeer();
        assertThat(renewed.isServedAs(fresh.peerCertificates().get(0))).isTrue();
        fresh.announce(ClientAnnounce.started(infoHash, newId).toString());
        JsonObject counts = old.announce(ClientAnnounce.of(infoHash, oldId).withOffers(Sdp.offers(1)).toString());
        assertThat(counts.getInteger("incomplete")).isEqualTo(2);
        JsonObject offer = fresh.next();
        assertThat(offer.getString("peer_id")).isEqualTo(oldId);
        fresh.send(AnswerRequest.of(infoHash, newId, oldId, offer.getString("offer_id"), Sdp.answer()).toString());
        assertThat(old.next().getJsonObject("answer")).as("the answer reaches the old connection").isNotNull();
        assertThat(old.isClosed()).isFalse();
        assertThat(metric("tracker_tls_reloads_total", "result", "success")).isGreaterThan(reloadsBefore);
        assertThat(metric("tracker_tls_certificate_expiry_timestamp_seconds"))
                .as("a keytool certificate of 3 days").isGreaterThan(System.currentTimeMillis() / 1000.0 + 86_400);
        System.out.printf("TlsIT: renewed certificate served to new connections %d ms after the files were written%n",
                seenAfterMillis);
    }

    @Test
    void I64_aKeyThatIsNotTheCertificatesIsRefusedAndTheServedCertificateStays() {
        Peer before = tlsPeer();
        double failuresBefore = metric("tracker_tls_reloads_total", "result", "failure");
        TestCertificate other = newCertificate();
        TestCertificate mismatched = new TestCertificate(other.commonName(), other.certPem(), current.keyPem());

        mismatched.writeTo(cert, key);
        await("the mismatched pair is refused").atMost(RELOAD_BOUND).pollInterval(Duration.ofMillis(100))
                .until(() -> metric("tracker_tls_reloads_total", "result", "failure") > failuresBefore);

        assertThat(servedToANewConnection(current)).as("new connections still get the old certificate").isTrue();
        String infoHash = Ids.infoHash();
        before.announce(ClientAnnounce.started(infoHash, Ids.peerId()).toString());

        // Completing the renewal (the matching key) puts the new certificate in service.
        other.writeTo(cert, key);
        await("the completed pair is served").atMost(RELOAD_BOUND).pollInterval(Duration.ofMillis(100))
                .until(() -> servedToANewConnection(other));
        current = other;
    }

    private Peer tlsPeer() {
        Peer p = clients.connectTls(tracker.port(), "/");
        track(p);
        return p;
    }

    private boolean servedToANewConnection(TestCertificate expected) {
        try (Peer probe = clients.connectTls(tracker.port(), "/")) {
            return expected.isServedAs(probe.peerCertificates().get(0));
        }
    }

    private TestCertificate newCertificate() {
        return TestCertificate.make("hivecast-test-" + GENERATION.incrementAndGet(), dir);
    }

    private static Path createTempDir() {
        try {
            return Files.createTempDirectory("tls-it");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
