package dev.hivecast.tracker.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivecast.protocol.ClientAnnounce;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;

/**
 * PROXY protocol with TLS on the tracker (an L4 balancer passing wss:// through, as an NLB TCP
 * listener does): the header comes first, in clear, then the TLS handshake; the header's source
 * is still the client IP.
 */
class ProxyProtocolTlsIT extends TrackerTestBase {

    private static final String PROXY = "127.0.0.2";

    private TestCertificate certificate;

    @Override
    protected String[] flags() {
        try {
            Path dir = Files.createTempDirectory("proxy-tls-it");
            certificate = TestCertificate.make("hivecast-proxy-tls", dir);
            Path cert = dir.resolve("tls.crt");
            Path key = dir.resolve("tls.key");
            certificate.writeTo(cert, key);
            dir.toFile().deleteOnExit();
            cert.toFile().deleteOnExit();
            key.toFile().deleteOnExit();
            dir.resolve("hivecast-proxy-tls.p12").toFile().deleteOnExit();
            return new String[] {"--tls.cert-pem", cert.toString(), "--tls.key-pem", key.toString(),
                    "--limits.proxy-protocol", "true", "--limits.trusted-proxies", PROXY,
                    "--limits.max-connections-per-ip", "1", "--admin.port", "0"};
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theHeaderPrecedesTheTlsHandshakeAndNamesTheClient() throws Exception {
        RawWebSocket first = wssThroughProxy(ProxyHeaders.v2("198.51.100.30", tracker.port()));
        assertThat(first.status()).isEqualTo(101);
        first.sendText(ClientAnnounce.started(Ids.infoHash(), Ids.peerId()).toString());
        assertThat(new JsonObject(first.readDataFrame().text()).getInteger("incomplete")).isEqualTo(1);

        assertThat(wssThroughProxy(ProxyHeaders.v1("198.51.100.30", tracker.port())).status()).isEqualTo(429);
        assertThat(wssThroughProxy(ProxyHeaders.v1("198.51.100.31", tracker.port())).status()).isEqualTo(101);
    }

    /** The header in clear on a socket from the proxy's address, then TLS, then the upgrade. */
    private RawWebSocket wssThroughProxy(byte[] header) throws IOException, GeneralSecurityException {
        Socket tcp = new Socket();
        tcp.bind(new InetSocketAddress(PROXY, 0));
        tcp.connect(new InetSocketAddress("127.0.0.1", tracker.port()), 5_000);
        tcp.getOutputStream().write(header);
        SSLSocket tls = (SSLSocket) trustingTheTestCertificate().getSocketFactory()
                .createSocket(tcp, "127.0.0.1", tracker.port(), true);
        tls.startHandshake();
        return track(RawWebSocket.handshake(tls, new byte[0], tracker.port(), "/", Map.of()));
    }

    private SSLContext trustingTheTestCertificate() throws IOException, GeneralSecurityException {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        trusted.setCertificateEntry("tracker", CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(certificate.certPem().getBytes(StandardCharsets.US_ASCII))));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
