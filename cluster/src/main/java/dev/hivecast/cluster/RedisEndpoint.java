package dev.hivecast.cluster;

import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.redis.client.RedisOptions;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;

/**
 * Where the {@code redis} backend connects: one standalone Redis (or a managed service's primary
 * endpoint).
 *
 * @param url         {@code redis://[[user]:password@]host:port[/db]}, or {@code rediss://...} for TLS
 * @param password    AUTH password; empty to take the one in {@code url} (if any). Kept apart from
 *                    the URL so that it can come from a secret while the URL sits in a config map
 * @param tlsTrustPem for {@code rediss://}: a PEM file of the CA certificates to trust; empty to
 *                    trust the JVM's default CAs. The server's name is always verified
 */
public record RedisEndpoint(String url, String password, String tlsTrustPem) {

    public static final String DEFAULT_URL = "redis://127.0.0.1:6379";

    public RedisEndpoint {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(tlsTrustPem, "tlsTrustPem");
    }

    /** {@code url} with no separate password and the JVM's default CAs. */
    public static RedisEndpoint of(String url) {
        return new RedisEndpoint(url, "", "");
    }

    /** Why {@code url} cannot be used, or null when it can. */
    public static String problemWith(String url) {
        if (!url.startsWith("redis://") && !url.startsWith("rediss://")) {
            return "must start with redis:// (or rediss:// for TLS)";
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return "not a URL: " + e.getReason();
        }
        if (uri.getHost() == null) {
            return "names no host";
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        if (!path.isEmpty() && !path.matches("/\\d{0,2}")) {
            return "the path can only be a database number, as /0";
        }
        return null;
    }

    public boolean tls() {
        return url.startsWith("rediss://");
    }

    /** The client options for this endpoint. */
    public RedisOptions toOptions() {
        RedisOptions options = new RedisOptions().setConnectionString(url);
        if (!password.isEmpty()) {
            options.setPassword(password);
        }
        if (tls()) {
            NetClientOptions net = new NetClientOptions().setSsl(true).setHostnameVerificationAlgorithm("HTTPS");
            if (!tlsTrustPem.isEmpty()) {
                net.setTrustOptions(new PemTrustOptions().addCertPath(tlsTrustPem));
            }
            options.setNetClientOptions(net);
        }
        return options;
    }

    /** The URL without its password, for logs and errors. */
    public String redactedUrl() {
        return url.replaceFirst("^(rediss?://[^:@/]*):[^@/]*@", "$1:***@");
    }

    /** Never shows a password. */
    @Override
    public String toString() {
        return "RedisEndpoint[url=" + redactedUrl() + ", password=" + (password.isEmpty() ? "" : "***")
                + ", tlsTrustPem=" + tlsTrustPem + "]";
    }
}
