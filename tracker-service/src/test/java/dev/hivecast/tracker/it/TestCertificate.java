package dev.hivecast.tracker.it;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for 127.0.0.1 made by the JDK's keytool while the test runs, written
 * as the two PEM files the tracker reads. Each one gets its own common name, so a test can tell
 * which certificate a connection was served.
 *
 * @param commonName the CN, also the certificate's identity in assertions
 * @param certPem    the certificate, PEM
 * @param keyPem     its private key, PKCS#8 PEM
 */
record TestCertificate(String commonName, String certPem, String keyPem) {

    private static final String PASSWORD = "only-for-tests";

    static TestCertificate make(String commonName, Path workDir) {
        Path store = workDir.resolve(commonName + ".p12");
        keytool(List.of("-genkeypair", "-alias", "tracker", "-keyalg", "EC", "-groupname", "secp256r1",
                "-validity", "3", "-dname", "CN=" + commonName, "-ext", "SAN=ip:127.0.0.1",
                "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD));
        try (InputStream in = Files.newInputStream(store)) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(in, PASSWORD.toCharArray());
            return new TestCertificate(commonName,
                    pem("CERTIFICATE", keys.getCertificate("tracker").getEncoded()),
                    pem("PRIVATE KEY", keys.getKey("tracker", PASSWORD.toCharArray()).getEncoded()));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("could not read the keystore keytool wrote", e);
        }
    }

    /**
     * Writes both files the way renewal tools do: each to a temporary name, then renamed over the
     * old one, so the tracker never reads half a file.
     */
    void writeTo(Path cert, Path key) {
        try {
            replace(key, keyPem);
            replace(cert, certPem);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** True when {@code served} is this certificate. */
    boolean isServedAs(java.security.cert.Certificate served) {
        return served instanceof X509Certificate x
                && x.getSubjectX500Principal().getName().equals("CN=" + commonName);
    }

    private static void replace(Path target, String content) throws IOException {
        Path temporary = target.resolveSibling(target.getFileName() + ".new");
        Files.writeString(temporary, content);
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    private static void keytool(List<String> arguments) {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(arguments);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("keytool did not finish within 60 s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not run keytool", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
