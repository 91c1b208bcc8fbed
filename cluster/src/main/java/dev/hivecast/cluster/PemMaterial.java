package dev.hivecast.cluster;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import javax.net.ssl.KeyManager;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The three cluster TLS files as read at one moment, checked, and turned into the key and trust
 * managers the event bus uses. Every problem names the file and the reason, so that a refused
 * start or reload says what to fix.
 */
record PemMaterial(byte[] cert, byte[] key, byte[] ca, X509ExtendedKeyManager keys,
        X509ExtendedTrustManager trust, Instant notAfter) {

    /** Vert.x needs an instance only to resolve key file paths; these options carry the bytes read here. */
    private static final Vertx NO_FILES = null;

    /** The raw bytes only: cheap to compare with what is in use before anything is parsed. */
    record Files3(byte[] cert, byte[] key, byte[] ca) {
        boolean sameAs(Files3 o) {
            return o != null && Arrays.equals(cert, o.cert) && Arrays.equals(key, o.key) && Arrays.equals(ca, o.ca);
        }
    }

    static Files3 read(ClusterTls tls) throws ClusterTlsException {
        return new Files3(bytes(tls.certPem()), bytes(tls.keyPem()), bytes(tls.caPem()));
    }

    /** Parses and checks the files: a chain, a key that is its own, not expired, signed by the CA. */
    static PemMaterial load(ClusterTls tls, Files3 files) throws ClusterTlsException {
        X509Certificate[] chain = certificates(tls.certPem(), files.cert());
        X509Certificate[] authorities = certificates(tls.caPem(), files.ca());
        X509Certificate leaf = chain[0];
        try {
            leaf.checkValidity();
        } catch (CertificateException e) {
            throw new ClusterTlsException(tls.certPem(), "the certificate is not valid now (valid "
                    + leaf.getNotBefore().toInstant() + " to " + leaf.getNotAfter().toInstant() + ")");
        }
        X509ExtendedKeyManager keys = keyManager(tls, files);
        requireOwnKey(tls, keys, leaf);
        X509ExtendedTrustManager trust = trustManager(tls, authorities);
        try {
            trust.checkClientTrusted(chain, leaf.getPublicKey().getAlgorithm());
        } catch (CertificateException e) {
            throw new ClusterTlsException(tls.certPem(), "the certificate is not signed by the CA in "
                    + tls.caPem() + ": " + e.getMessage());
        }
        return new PemMaterial(files.cert(), files.key(), files.ca(), keys, trust, leaf.getNotAfter().toInstant());
    }

    private static byte[] bytes(String file) throws ClusterTlsException {
        try {
            return Files.readAllBytes(Path.of(file));
        } catch (IOException | RuntimeException e) {
            throw new ClusterTlsException(file, "not readable: " + e);
        }
    }

    private static X509Certificate[] certificates(String file, byte[] pem) throws ClusterTlsException {
        try {
            X509Certificate[] all = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem)).toArray(new X509Certificate[0]);
            if (all.length == 0) {
                throw new ClusterTlsException(file, "holds no certificate");
            }
            return all;
        } catch (CertificateException e) {
            throw new ClusterTlsException(file, "not a PEM certificate: " + e.getMessage());
        }
    }

    private static X509ExtendedKeyManager keyManager(ClusterTls tls, Files3 files)
            throws ClusterTlsException {
        try {
            PemKeyCertOptions options = new PemKeyCertOptions()
                    .setCertValue(Buffer.buffer(files.cert())).setKeyValue(Buffer.buffer(files.key()));
            for (KeyManager m : options.getKeyManagerFactory(NO_FILES).getKeyManagers()) {
                if (m instanceof X509ExtendedKeyManager x) {
                    return x;
                }
            }
            throw new ClusterTlsException(tls.keyPem(), "no X.509 key manager could be made of it");
        } catch (ClusterTlsException e) {
            throw e;
        } catch (Exception e) {
            throw new ClusterTlsException(tls.keyPem(), "not a usable private key: " + e);
        }
    }

    /** The JDK's PKIX checks (chain, validity, key usage) against these CAs only. */
    private static X509ExtendedTrustManager trustManager(ClusterTls tls, X509Certificate[] authorities)
            throws ClusterTlsException {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            for (int i = 0; i < authorities.length; i++) {
                store.setCertificateEntry("ca-" + i, authorities[i]);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            for (TrustManager m : factory.getTrustManagers()) {
                if (m instanceof X509ExtendedTrustManager x) {
                    return x;
                }
            }
            throw new ClusterTlsException(tls.caPem(), "no X.509 trust manager could be made of it");
        } catch (IOException | GeneralSecurityException e) {
            throw new ClusterTlsException(tls.caPem(), "not usable as a CA: " + e);
        }
    }

    /**
     * A renewal caught half-way (new certificate, old key) would fail every handshake; a signature
     * made with the key and checked with the certificate's public key finds it before it is used.
     */
    private static void requireOwnKey(ClusterTls tls, X509ExtendedKeyManager keys, X509Certificate leaf)
            throws ClusterTlsException {
        String type = leaf.getPublicKey().getAlgorithm();
        String[] aliases = keys.getServerAliases(type, null);
        PrivateKey key = aliases == null || aliases.length == 0 ? null : keys.getPrivateKey(aliases[0]);
        if (key == null) {
            throw new ClusterTlsException(tls.keyPem(), "holds no " + type + " key for the certificate");
        }
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> null; // Ed25519 and others: left to the handshake
        };
        if (algorithm == null) {
            return;
        }
        try {
            byte[] challenge = "hivecast cluster key check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(leaf.getPublicKey());
            verifier.update(challenge);
            if (!verifier.verify(signer.sign())) {
                throw new ClusterTlsException(tls.keyPem(), "the key is not the certificate's (" + tls.certPem() + ")");
            }
        } catch (GeneralSecurityException e) {
            throw new ClusterTlsException(tls.keyPem(), "the key could not be checked: " + e);
        }
    }
}
