package dev.hivecast.tracker.tls;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import javax.net.ssl.KeyManager;
import javax.net.ssl.X509KeyManager;

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

    /**
     * Fails unless the key is the certificate's: a renewal tool that writes the two files one
     * after the other leaves a moment where they do not match, and serving that pair would fail
     * every handshake. Parsed by Vert.x itself, so whatever key format it accepts is checked.
     */
    void requireKeyMatchesCertificate(Vertx vertx) throws Exception {
        X509KeyManager keys = null;
        for (KeyManager m : options().getKeyManagerFactory(vertx).getKeyManagers()) {
            if (m instanceof X509KeyManager x) {
                keys = x;
            }
        }
        String keyType = leaf().getPublicKey().getAlgorithm();
        String[] aliases = keys == null ? null : keys.getServerAliases(keyType, null);
        PrivateKey key = aliases == null || aliases.length == 0 ? null : keys.getPrivateKey(aliases[0]);
        if (key == null) {
            throw new GeneralSecurityException("the key file holds no " + keyType + " key for the certificate");
        }
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> null; // Ed25519 and others: left to the handshake
        };
        if (algorithm == null) {
            return;
        }
        byte[] challenge = "hivecast key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(key);
        signer.update(challenge);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(leaf().getPublicKey());
        verifier.update(challenge);
        if (!verifier.verify(signature)) {
            throw new GeneralSecurityException("the private key does not belong to the certificate");
        }
    }

    boolean sameAs(PemKeyPair other) {
        return other != null && Arrays.equals(cert, other.cert) && Arrays.equals(key, other.key);
    }
}
