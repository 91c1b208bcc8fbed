package dev.hivecast.tracker.config;

import dev.hivecast.cluster.RedisEndpoint;
import dev.hivecast.tracker.net.AddressBlocks;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Ranges of single keys, then the rules that tie keys together. */
final class ConfigValidator {

    /** One broken rule and the keys involved, so the loader can say where each value came from. */
    record Violation(String message, List<ConfigKey> keys) {
    }

    /** scheme://host[:port], the host optionally {@code *.}-prefixed; or {@code null} (sandboxed pages). */
    private static final Pattern ORIGIN = Pattern.compile("null|[a-zA-Z][a-zA-Z0-9+.-]*://(\\*\\.)?[^/\\s*,]+");

    private ConfigValidator() {
    }

    static void requireValid(TrackerConfig config) {
        List<Violation> violations = check(config);
        if (!violations.isEmpty()) {
            throw ConfigException.of(violations.stream().map(Violation::message).toList());
        }
    }

    static List<Violation> check(TrackerConfig config) {
        List<Violation> out = new ArrayList<>();
        for (ConfigKey key : ConfigKey.ALL) {
            checkSingle(key, key.valueIn(config), out);
        }
        // The records take null (a config built in code); the rules below compare values.
        boolean anyMissing = false;
        for (ConfigKey key : ConfigKey.ALL) {
            if (key.valueIn(config) == null && key.type() != ValueType.OPTIONAL_INTEGER) {
                out.add(new Violation(key.key() + " must be set", List.of(key)));
                anyMissing = true;
            }
        }
        if (anyMissing) {
            return out;
        }
        Set<ConfigKey> broken = new HashSet<>();
        out.forEach(v -> broken.addAll(v.keys()));
        List<Violation> crossField = new ArrayList<>();
        checkCrossField(config, crossField);
        // A value already out of range makes any comparison with it noise.
        crossField.stream().filter(v -> v.keys().stream().noneMatch(broken::contains))
                .forEach(out::add);
        return out;
    }

    private static void checkSingle(ConfigKey key, Object value, List<Violation> out) {
        if (value == null) {
            return;
        }
        // Every source writes whole milliseconds; only a config built in code can hold less.
        if (value instanceof Duration d && d.getNano() % 1_000_000 != 0) {
            out.add(new Violation(key.key() + " must be a whole number of milliseconds, got " + d,
                    List.of(key)));
            return;
        }
        // Clients are told the interval in whole seconds.
        if (key.key().equals("announce.interval") && ((Duration) value).toMillis() % 1000 != 0) {
            out.add(new Violation("announce.interval must be a whole number of seconds, got "
                    + key.type().shown(value), List.of(key)));
        }
        if (key.min() != null) {
            long n = ValueType.number(value);
            if (n < ValueType.number(key.min()) || n > ValueType.number(key.max())) {
                out.add(new Violation(key.key() + " must be from " + key.rangeText() + ", got "
                        + key.type().shown(value), List.of(key)));
            }
        }
        if (!key.choices().isEmpty() && !key.choices().contains(value)) {
            out.add(new Violation(key.key() + " must be one of " + key.rangeText() + ", got "
                    + key.type().shown(value), List.of(key)));
        }
        if (key.key().equals("host") && ((String) value).isEmpty()) {
            out.add(new Violation("host must not be empty (0.0.0.0 listens on every IPv4 address)",
                    List.of(key)));
        }
        if ((key.key().equals("host") || key.key().equals("admin.host")) && ((String) value).matches(".*\\s.*")) {
            out.add(new Violation(key.key() + " must be an address or host name, got "
                    + key.type().shown(value), List.of(key)));
        }
        if (key.key().equals("cluster.redis-url") && RedisEndpoint.problemWith((String) value) != null) {
            out.add(new Violation("cluster.redis-url " + RedisEndpoint.problemWith((String) value) + ", got "
                    + RedisEndpoint.of((String) value).redactedUrl(), List.of(key)));
        }
        if ((key.key().equals("access.info-hash-allowlist") || key.key().equals("access.info-hash-denylist")) && !((String) value).isEmpty()) {
            checkListSource(key, (String) value, out);
        }
        if (key.key().equals("access.origin-allowlist") || key.key().equals("access.origin-denylist")) {
            for (String origin : AccessConfig.commaList((String) value)) {
                if (!ORIGIN.matcher(origin).matches()) {
                    out.add(new Violation(key.key() + " entries must be scheme://host[:port] (the host may start"
                            + " with *.) or null, got '" + origin + "'", List.of(key)));
                }
            }
        }
        if (key.key().equals("limits.trusted-proxies")) {
            for (String cidr : AccessConfig.commaList((String) value)) {
                String problem = AddressBlocks.problemWith(cidr);
                if (problem != null) {
                    out.add(new Violation("limits.trusted-proxies entries must be addresses or CIDR blocks: "
                            + problem, List.of(key)));
                }
            }
        }
        if ((key.key().equals("access.url-secret") || key.key().equals("access.url-previous-secret")) && !((String) value).isEmpty()
                && ((String) value).length() < AccessConfig.MIN_SECRET_LENGTH) {
            // The value itself is a secret: say how long it is, never what it is.
            out.add(new Violation(key.key() + " must have at least " + AccessConfig.MIN_SECRET_LENGTH
                    + " characters, got " + ((String) value).length(), List.of(key)));
        }
        if ((key.key().equals("tls.cert-pem") || key.key().equals("tls.key-pem")) && !((String) value).isEmpty()
                && !Files.isReadable(Path.of((String) value))) {
            out.add(new Violation(key.key() + " names no readable file: " + value, List.of(key)));
        }
        if (key.key().equals("public-url") && !((String) value).isEmpty() && !isWebSocketUrl((String) value)) {
            out.add(new Violation("public-url must be a ws:// or wss:// URL with a host, got "
                    + key.type().shown(value), List.of(key)));
        }
    }

    private static void checkCrossField(TrackerConfig c, List<Violation> out) {
        AnnounceConfig announce = c.announce();
        ConnectionConfig connection = c.connection();
        if (announce.peerTtl().compareTo(announce.interval()) <= 0) {
            out.add(compare(key("announce.peer-ttl"), "longer than", key("announce.interval"), c));
        }
        // Clients are silent between announces, so any idle close must be longer.
        if (connection.idleTimeout().compareTo(announce.interval()) <= 0) {
            out.add(compare(key("connection.idle-timeout"), "longer than", key("announce.interval"), c));
        }
        if (connection.pingInterval().compareTo(connection.idleTimeout()) >= 0) {
            out.add(compare(key("connection.ping-interval"), "shorter than", key("connection.idle-timeout"), c));
        }
        if (connection.sendQueueSize() < connection.maxMessageSize()) {
            out.add(compare(key("connection.send-queue-size"), "at least", key("connection.max-message-size"),
                    c));
        }
        if (c.cluster().failureTimeout().compareTo(c.cluster().heartbeatInterval()) <= 0) {
            out.add(compare(key("cluster.failure-timeout"), "longer than", key("cluster.heartbeat-interval"), c));
        }
        String trustPem = c.cluster().redisTlsTrustPem();
        if (!trustPem.isEmpty() && !RedisEndpoint.of(c.cluster().redisUrl()).tls()) {
            out.add(new Violation("cluster.redis-tls-trust-pem is set, so cluster.redis-url must be a rediss://"
                    + " URL", List.of(key("cluster.redis-tls-trust-pem"), key("cluster.redis-url"))));
        } else if (!trustPem.isEmpty() && !Files.isReadable(Path.of(trustPem))) {
            out.add(new Violation("cluster.redis-tls-trust-pem names no readable file: " + trustPem,
                    List.of(key("cluster.redis-tls-trust-pem"))));
        }
        clusterTls(c.cluster(), out);
        if (c.drain().timeout().compareTo(c.drain().window()) < 0) {
            out.add(compare(key("drain.timeout"), "at least", key("drain.window"), c));
        }
        if (c.tls().certPem().isEmpty() != c.tls().keyPem().isEmpty()) {
            out.add(new Violation("tls.cert-pem and tls.key-pem must be set together", List.of(key("tls.cert-pem"), key("tls.key-pem"))));
        }
        if (!c.access().urlPreviousSecret().isEmpty() && c.access().urlSecret().isEmpty()) {
            out.add(new Violation("access.url-previous-secret is set, so access.url-secret must be set too",
                    List.of(key("access.url-previous-secret"), key("access.url-secret"))));
        }
        // Without a list, any host that reaches the port could name any client in its header.
        if (c.limits().proxyProtocol() && c.limits().trustedProxies().isBlank()) {
            out.add(new Violation("limits.proxy-protocol is on, so limits.trusted-proxies must list the proxies that"
                    + " send the header (their addresses or CIDR blocks)", List.of(key("limits.proxy-protocol"),
                    key("limits.trusted-proxies"))));
        }
        Integer adminPort = c.admin().port();
        if (adminPort != null && adminPort != 0 && adminPort == c.port()
                && listenersOverlap(c.host(), c.adminHost())) {
            out.add(new Violation("admin.port (" + adminPort + ") must differ from port ("
                    + c.port() + "); leave admin.port unset to serve the admin endpoints on the"
                    + " public port", List.of(key("admin.port"), key("port"))));
        }
    }

    /** The three files go together, and only the hazelcast backend has an event bus to guard. */
    private static void clusterTls(ClusterConfig cluster, List<Violation> out) {
        List<ConfigKey> files = List.of(key("cluster.tls-cert-pem"), key("cluster.tls-key-pem"), key("cluster.tls-ca-pem"));
        long set = java.util.stream.Stream.of(cluster.tlsCertPem(), cluster.tlsKeyPem(), cluster.tlsCaPem())
                .filter(file -> !file.isEmpty()).count();
        if (set != 0 && set != files.size()) {
            out.add(new Violation("cluster.tls-cert-pem, cluster.tls-key-pem and cluster.tls-ca-pem must be set together",
                    files));
        } else if (set != 0 && !"hazelcast".equals(cluster.backend())) {
            out.add(new Violation("cluster.tls-* is for the hazelcast backend; with redis, offers and answers travel"
                    + " through Redis: use a rediss:// cluster.redis-url", List.of(key("cluster.backend"), files.get(0))));
        }
    }

    private static ConfigKey key(String name) {
        return ConfigKey.of(name);
    }

    private static Violation compare(ConfigKey left, String relation, ConfigKey right,
            TrackerConfig c) {
        String message = left.key() + " (" + left.type().shown(left.valueIn(c)) + ") must be "
                + relation + " " + right.key() + " (" + right.type().shown(right.valueIn(c))
                + ")";
        return new Violation(message, List.of(left, right));
    }

    private static boolean listenersOverlap(String host, String adminHost) {
        return host.equals(adminHost) || isWildcard(host) || isWildcard(adminHost);
    }

    private static boolean isWildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
    }

    /** An http(s) URL with a host, or a readable file: the list must load at start-up. */
    private static void checkListSource(ConfigKey key, String source, List<Violation> out) {
        if (source.startsWith("http://") || source.startsWith("https://")) {
            try {
                if (new URI(source).getHost() == null) {
                    out.add(new Violation(key.key() + " must be an http(s) URL with a host or a file, got '" + source
                            + "'", List.of(key)));
                }
            } catch (URISyntaxException e) {
                out.add(new Violation(key.key() + " is not a valid URL: " + source, List.of(key)));
            }
        } else if (!Files.isReadable(Path.of(source))) {
            out.add(new Violation(key.key() + " names no readable file: " + source, List.of(key)));
        }
    }

    private static boolean isWebSocketUrl(String url) {
        try {
            URI uri = new URI(url);
            return ("ws".equals(uri.getScheme()) || "wss".equals(uri.getScheme()))
                    && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
