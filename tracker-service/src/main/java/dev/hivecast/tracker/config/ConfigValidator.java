package dev.hivecast.tracker.config;

import static dev.hivecast.tracker.config.ConfigKey.ACCESS_INFO_HASH_ALLOWLIST;
import static dev.hivecast.tracker.config.ConfigKey.ACCESS_INFO_HASH_DENYLIST;
import static dev.hivecast.tracker.config.ConfigKey.ACCESS_ORIGIN_ALLOWLIST;
import static dev.hivecast.tracker.config.ConfigKey.ACCESS_ORIGIN_DENYLIST;
import static dev.hivecast.tracker.config.ConfigKey.ACCESS_URL_PREVIOUS_SECRET;
import static dev.hivecast.tracker.config.ConfigKey.ACCESS_URL_SECRET;
import static dev.hivecast.tracker.config.ConfigKey.ADMIN_HOST;
import static dev.hivecast.tracker.config.ConfigKey.ADMIN_PORT;
import static dev.hivecast.tracker.config.ConfigKey.ANNOUNCE_INTERVAL;
import static dev.hivecast.tracker.config.ConfigKey.ANNOUNCE_PEER_TTL;
import static dev.hivecast.tracker.config.ConfigKey.CLUSTER_FAILURE_TIMEOUT;
import static dev.hivecast.tracker.config.ConfigKey.CLUSTER_HEARTBEAT;
import static dev.hivecast.tracker.config.ConfigKey.CLUSTER_REDIS_TLS_TRUST_PEM;
import static dev.hivecast.tracker.config.ConfigKey.CLUSTER_REDIS_URL;
import static dev.hivecast.tracker.config.ConfigKey.CONNECTION_IDLE_TIMEOUT;
import static dev.hivecast.tracker.config.ConfigKey.CONNECTION_MAX_MESSAGE_SIZE;
import static dev.hivecast.tracker.config.ConfigKey.CONNECTION_PING_INTERVAL;
import static dev.hivecast.tracker.config.ConfigKey.CONNECTION_SEND_QUEUE_BYTES;
import static dev.hivecast.tracker.config.ConfigKey.DRAIN_TIMEOUT;
import static dev.hivecast.tracker.config.ConfigKey.DRAIN_WINDOW;
import static dev.hivecast.tracker.config.ConfigKey.HOST;
import static dev.hivecast.tracker.config.ConfigKey.LIMITS_PROXY_PROTOCOL;
import static dev.hivecast.tracker.config.ConfigKey.LIMITS_TRUSTED_PROXIES;
import static dev.hivecast.tracker.config.ConfigKey.PORT;
import static dev.hivecast.tracker.config.ConfigKey.PUBLIC_URL;
import static dev.hivecast.tracker.config.ConfigKey.TLS_CERT_PEM;
import static dev.hivecast.tracker.config.ConfigKey.TLS_KEY_PEM;

import dev.hivecast.cluster.RedisEndpoint;
import dev.hivecast.tracker.limits.TrustedProxies;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
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
        for (ConfigKey key : ConfigKey.values()) {
            checkSingle(key, key.valueIn(config), out);
        }
        Set<ConfigKey> broken = EnumSet.noneOf(ConfigKey.class);
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
        if (value instanceof Duration d && d.getNano() != 0) {
            out.add(new Violation(key.key() + " must be a whole number of seconds, got " + d,
                    List.of(key)));
            return;
        }
        if (key.min() != null) {
            long n = ValueType.number(value);
            if (n < key.min() || n > key.max()) {
                out.add(new Violation(key.key() + " must be from " + key.rangeText() + ", got "
                        + key.type().withUnit(value), List.of(key)));
            }
        }
        if (!key.choices().isEmpty() && !key.choices().contains(value)) {
            out.add(new Violation(key.key() + " must be one of " + key.rangeText() + ", got "
                    + key.type().withUnit(value), List.of(key)));
        }
        if (key == HOST && ((String) value).isEmpty()) {
            out.add(new Violation("host must not be empty (0.0.0.0 listens on every IPv4 address)",
                    List.of(key)));
        }
        if ((key == HOST || key == ADMIN_HOST) && ((String) value).matches(".*\\s.*")) {
            out.add(new Violation(key.key() + " must be an address or host name, got "
                    + key.type().withUnit(value), List.of(key)));
        }
        if (key == CLUSTER_REDIS_URL && RedisEndpoint.problemWith((String) value) != null) {
            out.add(new Violation("cluster.redis-url " + RedisEndpoint.problemWith((String) value) + ", got "
                    + RedisEndpoint.of((String) value).redactedUrl(), List.of(key)));
        }
        if ((key == ACCESS_INFO_HASH_ALLOWLIST || key == ACCESS_INFO_HASH_DENYLIST) && !((String) value).isEmpty()) {
            checkListSource(key, (String) value, out);
        }
        if (key == ACCESS_ORIGIN_ALLOWLIST || key == ACCESS_ORIGIN_DENYLIST) {
            for (String origin : AccessConfig.commaList((String) value)) {
                if (!ORIGIN.matcher(origin).matches()) {
                    out.add(new Violation(key.key() + " entries must be scheme://host[:port] (the host may start"
                            + " with *.) or null, got '" + origin + "'", List.of(key)));
                }
            }
        }
        if (key == LIMITS_TRUSTED_PROXIES) {
            for (String cidr : AccessConfig.commaList((String) value)) {
                String problem = TrustedProxies.problemWith(cidr);
                if (problem != null) {
                    out.add(new Violation("limits.trusted-proxies entries must be addresses or CIDR blocks: "
                            + problem, List.of(key)));
                }
            }
        }
        if ((key == ACCESS_URL_SECRET || key == ACCESS_URL_PREVIOUS_SECRET) && !((String) value).isEmpty()
                && ((String) value).length() < AccessConfig.MIN_SECRET_LENGTH) {
            // The value itself is a secret: say how long it is, never what it is.
            out.add(new Violation(key.key() + " must have at least " + AccessConfig.MIN_SECRET_LENGTH
                    + " characters, got " + ((String) value).length(), List.of(key)));
        }
        if ((key == TLS_CERT_PEM || key == TLS_KEY_PEM) && !((String) value).isEmpty()
                && !Files.isReadable(Path.of((String) value))) {
            out.add(new Violation(key.key() + " names no readable file: " + value, List.of(key)));
        }
        if (key == PUBLIC_URL && !((String) value).isEmpty() && !isWebSocketUrl((String) value)) {
            out.add(new Violation("public-url must be a ws:// or wss:// URL with a host, got "
                    + key.type().withUnit(value), List.of(key)));
        }
    }

    private static void checkCrossField(TrackerConfig c, List<Violation> out) {
        AnnounceConfig announce = c.announce();
        ConnectionConfig connection = c.connection();
        if (announce.peerTtl().compareTo(announce.interval()) <= 0) {
            out.add(compare(ANNOUNCE_PEER_TTL, "longer than", ANNOUNCE_INTERVAL, c));
        }
        // PROTOCOL §9 A5: clients are silent between announces, so any idle close must be longer.
        if (connection.idleTimeout().compareTo(announce.interval()) <= 0) {
            out.add(compare(CONNECTION_IDLE_TIMEOUT, "longer than", ANNOUNCE_INTERVAL, c));
        }
        if (connection.pingInterval().compareTo(connection.idleTimeout()) >= 0) {
            out.add(compare(CONNECTION_PING_INTERVAL, "shorter than", CONNECTION_IDLE_TIMEOUT, c));
        }
        if (connection.sendQueueBytes() < connection.maxMessageSize()) {
            out.add(compare(CONNECTION_SEND_QUEUE_BYTES, "at least", CONNECTION_MAX_MESSAGE_SIZE,
                    c));
        }
        if (c.cluster().failureTimeout().compareTo(c.cluster().heartbeat()) <= 0) {
            out.add(compare(CLUSTER_FAILURE_TIMEOUT, "longer than", CLUSTER_HEARTBEAT, c));
        }
        String trustPem = c.cluster().redisTlsTrustPem();
        if (!trustPem.isEmpty() && !RedisEndpoint.of(c.cluster().redisUrl()).tls()) {
            out.add(new Violation("cluster.redis-tls-trust-pem is set, so cluster.redis-url must be a rediss://"
                    + " URL", List.of(CLUSTER_REDIS_TLS_TRUST_PEM, CLUSTER_REDIS_URL)));
        } else if (!trustPem.isEmpty() && !Files.isReadable(Path.of(trustPem))) {
            out.add(new Violation("cluster.redis-tls-trust-pem names no readable file: " + trustPem,
                    List.of(CLUSTER_REDIS_TLS_TRUST_PEM)));
        }
        if (c.drain().timeout().compareTo(c.drain().window()) < 0) {
            out.add(compare(DRAIN_TIMEOUT, "at least", DRAIN_WINDOW, c));
        }
        if (c.tls().certPem().isEmpty() != c.tls().keyPem().isEmpty()) {
            out.add(new Violation("tls.cert-pem and tls.key-pem must be set together", List.of(TLS_CERT_PEM, TLS_KEY_PEM)));
        }
        if (!c.access().urlPreviousSecret().isEmpty() && c.access().urlSecret().isEmpty()) {
            out.add(new Violation("access.url-previous-secret is set, so access.url-secret must be set too",
                    List.of(ACCESS_URL_PREVIOUS_SECRET, ACCESS_URL_SECRET)));
        }
        // Without a list, any host that reaches the port could name any client in its header.
        if (c.limits().proxyProtocol() && c.limits().trustedProxies().isBlank()) {
            out.add(new Violation("limits.proxy-protocol is on, so limits.trusted-proxies must list the proxies that"
                    + " send the header (their addresses or CIDR blocks)", List.of(LIMITS_PROXY_PROTOCOL,
                    LIMITS_TRUSTED_PROXIES)));
        }
        Integer adminPort = c.admin().port();
        if (adminPort != null && adminPort != 0 && adminPort == c.port()
                && listenersOverlap(c.host(), c.adminHost())) {
            out.add(new Violation("admin.port (" + adminPort + ") must differ from port ("
                    + c.port() + "); leave admin.port unset to serve the admin endpoints on the"
                    + " public port", List.of(ADMIN_PORT, PORT)));
        }
    }

    private static Violation compare(ConfigKey left, String relation, ConfigKey right,
            TrackerConfig c) {
        String message = left.key() + " (" + left.type().withUnit(left.valueIn(c)) + ") must be "
                + relation + " " + right.key() + " (" + right.type().withUnit(right.valueIn(c))
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
