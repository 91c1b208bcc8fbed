package dev.hivecast.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the cluster TLS files must be before a node starts with them, or swaps them in. */
class EventBusTlsTest {

    @TempDir
    static Path dir;
    private static ClusterCerts ca;
    private static ClusterCerts.NodeFiles node;

    @BeforeAll
    static void certificates() throws IOException {
        ca = ClusterCerts.authority(dir, "cluster-ca");
        node = ca.node("node-a");
    }

    private static ClusterTls tls(Path cert, Path key, Path caPem) {
        return new ClusterTls(cert.toString(), key.toString(), caPem.toString(), Duration.ofMinutes(1));
    }

    @Test
    void aNodeCertificateSignedByTheCaLoads() throws Exception {
        EventBusTls loaded = EventBusTls.load(tls(node.cert(), node.key(), ca.caPem()));
        assertThat(loaded.notAfter()).isAfter(java.time.Instant.now());
    }

    @Test
    void aMissingFileStopsTheStartNamingIt() {
        Path missing = dir.resolve("nowhere.key");
        assertThatThrownBy(() -> EventBusTls.load(tls(node.cert(), missing, ca.caPem())))
                .isInstanceOf(ClusterTlsException.class)
                .hasMessageContaining(missing.toString()).hasMessageContaining("not readable");
    }

    @Test
    void aFileThatIsNotPemStopsTheStartNamingIt() throws IOException {
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not a certificate\n");
        assertThatThrownBy(() -> EventBusTls.load(tls(node.cert(), node.key(), garbage)))
                .hasMessageContaining(garbage.toString()).hasMessageContaining("not a PEM certificate");
    }

    @Test
    void anExpiredCertificateIsRefusedWithItsDates() throws IOException {
        ClusterCerts.NodeFiles old = ca.expiredNode("node-expired");
        assertThatThrownBy(() -> EventBusTls.load(tls(old.cert(), old.key(), ca.caPem())))
                .hasMessageContaining(old.cert().toString()).hasMessageContaining("not valid now");
    }

    @Test
    void aCertificateOfAnotherCaIsRefused() throws IOException {
        ClusterCerts other = ClusterCerts.authority(dir.resolve("other"), "other-ca");
        ClusterCerts.NodeFiles foreign = other.node("node-foreign");
        assertThatThrownBy(() -> EventBusTls.load(tls(foreign.cert(), foreign.key(), ca.caPem())))
                .hasMessageContaining("not signed by the CA in " + ca.caPem());
    }

    @Test
    void aKeyThatIsNotTheCertificatesIsRefused() throws IOException {
        ClusterCerts.NodeFiles b = ca.node("node-b");
        assertThatThrownBy(() -> EventBusTls.load(tls(node.cert(), b.key(), ca.caPem())))
                .hasMessageContaining(b.key().toString()).hasMessageContaining("not the certificate's");
    }

    @Test
    void changedFilesAreSwappedInAndABadChangeKeepsThePairInForce() throws Exception {
        Path cert = dir.resolve("live.crt");
        Path key = dir.resolve("live.key");
        Files.copy(node.cert(), cert, StandardCopyOption.REPLACE_EXISTING);
        Files.copy(node.key(), key, StandardCopyOption.REPLACE_EXISTING);
        EventBusTls live = EventBusTls.load(tls(cert, key, ca.caPem()));

        ClusterCerts.NodeFiles renewed = ca.node("node-a-renewed");
        Files.copy(renewed.cert(), cert, StandardCopyOption.REPLACE_EXISTING);
        live.reloadIfChanged(); // the new certificate beside the old key: half-way through a renewal
        assertThat(live.reloads()).isZero();
        assertThat(live.reloadFailures()).isEqualTo(1);
        live.reloadIfChanged();
        assertThat(live.reloadFailures()).as("a bad set is counted once").isEqualTo(1);

        Files.copy(renewed.key(), key, StandardCopyOption.REPLACE_EXISTING);
        live.reloadIfChanged();
        assertThat(live.reloads()).isEqualTo(1);
    }
}
