package dev.hivecast.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A cluster CA and node certificates signed by it, made at test time with openssl (a few
 * milliseconds each; keytool needs a JVM per step) and written as the PEM files
 * {@code cluster.tls-*} reads: {@code <ca>.pem}, {@code <node>.crt}, {@code <node>.key}.
 */
final class ClusterCerts {

    private static final DateTimeFormatter ASN1_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'");
    private final Path dir;
    private final String ca;

    private ClusterCerts(Path dir, String ca) {
        this.dir = dir;
        this.ca = ca;
    }

    /** A new CA named {@code name}, its certificate in {@code dir/<name>.pem}. */
    static ClusterCerts authority(Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        openssl(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", name + ".ca-key", "-out", name + ".pem", "-days", "3", "-subj", "/CN=" + name,
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign");
        return new ClusterCerts(dir, name);
    }

    Path caPem() {
        return dir.resolve(ca + ".pem");
    }

    /** A node certificate valid for two days, signed by this CA. */
    NodeFiles node(String name) throws IOException {
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        return node(name, now.minusHours(1), now.plusDays(2));
    }

    /** A node certificate signed by this CA whose validity ended yesterday. */
    NodeFiles expiredNode(String name) throws IOException {
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        return node(name, now.minusDays(3), now.minusDays(1));
    }

    private NodeFiles node(String name, ZonedDateTime from, ZonedDateTime to) throws IOException {
        openssl(dir, "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", name + ".key", "-out", name + ".csr", "-subj", "/CN=" + name);
        Path db = dir.resolve(name + ".db");
        Files.writeString(db, "");
        Files.writeString(dir.resolve(name + ".cnf"), String.join("\n",
                "[ca]", "default_ca=c", "[c]", "database=" + db.getFileName(), "new_certs_dir=.",
                "serial=" + name + ".serial", "default_md=sha256", "policy=p", "unique_subject=no",
                "x509_extensions=e", "[p]", "commonName=supplied", "[e]", "basicConstraints=CA:FALSE",
                "keyUsage=critical,digitalSignature", "extendedKeyUsage=serverAuth,clientAuth", ""));
        Files.writeString(dir.resolve(name + ".serial"), Long.toHexString(System.nanoTime() | 0x1000) + "\n");
        openssl(dir, "ca", "-batch", "-notext", "-config", name + ".cnf", "-cert", ca + ".pem",
                "-keyfile", ca + ".ca-key", "-in", name + ".csr", "-out", name + ".crt",
                "-startdate", from.format(ASN1_TIME), "-enddate", to.format(ASN1_TIME));
        return new NodeFiles(dir.resolve(name + ".crt"), dir.resolve(name + ".key"));
    }

    /** A node's two files. */
    record NodeFiles(Path cert, Path key) {
    }

    private static void openssl(Path dir, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IOException(command + " failed: " + new String(output, StandardCharsets.UTF_8));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
