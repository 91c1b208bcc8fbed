package dev.hivecast.tracker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What cannot be read at start-up stops the start, naming what to fix: serving without the list
 * would open (or close) the wrong swarms, and serving without the certificate is no wss://.
 */
class AccessStartupIT {

    @TempDir
    Path dir;

    @Test
    void aListUrlThatAnswersAnErrorStopsTheStart() throws IOException {
        HttpServer lists = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        lists.createContext("/", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        lists.start();
        try {
            String url = "http://127.0.0.1:" + lists.getAddress().getPort() + "/allow.txt";

            Throwable failure = catchThrowable(() -> RunningTracker.start("--access.info-hash-allowlist", url).close());

            assertThat(rootMessage(failure)).contains("info_hash allowlist " + url).contains("HTTP 404");
        } finally {
            lists.stop(0);
        }
    }

    @Test
    void aListFileWithALineThatIsNoIdStopsTheStart() throws IOException {
        Path list = Files.writeString(dir.resolve("deny.txt"), "0123456789abcdef0123456789abcdef01234567\noops\n");

        Throwable failure = catchThrowable(() -> RunningTracker.start("--access.info-hash-denylist", list.toString())
                .close());

        assertThat(rootMessage(failure)).contains("info_hash denylist").contains("line 2");
    }

    @Test
    void aKeyThatIsNotTheCertificatesStopsTheStart() {
        TestCertificate one = TestCertificate.make("startup-one", dir);
        TestCertificate two = TestCertificate.make("startup-two", dir);
        Path cert = dir.resolve("tls.crt");
        Path key = dir.resolve("tls.key");
        new TestCertificate(one.commonName(), one.certPem(), two.keyPem()).writeTo(cert, key);

        Throwable failure = catchThrowable(() -> RunningTracker.start("--tls.cert-pem", cert.toString(),
                "--tls.key-pem", key.toString()).close());

        assertThat(rootMessage(failure)).contains("TLS certificate").contains("does not belong to the certificate");
    }

    private static String rootMessage(Throwable failure) {
        assertThat(failure).as("the start must fail").isNotNull();
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            all.append(t.getMessage()).append(" | ");
        }
        return all.toString();
    }
}
