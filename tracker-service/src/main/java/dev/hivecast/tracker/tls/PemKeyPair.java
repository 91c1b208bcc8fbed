package dev.hivecast.tracker.tls;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;

/**
 * The bytes of the certificate and key files as read at one moment. Vert.x gets the bytes (not
 * the paths), so what it serves is exactly what was compared and parsed here, even if the files
 * change again while it builds its SSL context.
 */
record PemKeyPair(byte[] cert, byte[] key) {

    static PemKeyPair read(String certPath, String keyPath) throws IOException {
        return new PemKeyPair(Files.readAllBytes(Path.of(certPath)), Files.readAllBytes(Path.of(keyPath)));
    }

    PemKeyCertOptions options() {
        return new PemKeyCertOptions().setCertValue(Buffer.buffer(cert)).setKeyValue(Buffer.buffer(key));
    }

    /** The leaf certificate (the first in the file); fails when the file holds none. */
    X509Certificate leaf() throws CertificateException {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(cert));
    }

    boolean sameAs(PemKeyPair other) {
        return other != null && Arrays.equals(cert, other.cert) && Arrays.equals(key, other.key);
    }
}
