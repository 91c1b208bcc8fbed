package dev.hivecast.tracker.config;

import static dev.hivecast.tracker.config.ValueType.BOOLEAN;
import static dev.hivecast.tracker.config.ValueType.BYTES;
import static dev.hivecast.tracker.config.ValueType.INTEGER;
import static dev.hivecast.tracker.config.ValueType.OPTIONAL_INTEGER;
import static dev.hivecast.tracker.config.ValueType.SECONDS;
import static dev.hivecast.tracker.config.ValueType.STRING;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The one list of settings: key, type, accepted range, where it lives in {@link TrackerConfig},
 * and what it means. Help, the default config file and the README table are rendered from it;
 * {@code ConfigValues#toConfig} is the only other place that names every key.
 */
enum ConfigKey {
    HOST("host", STRING, TrackerConfig::host,
            "Address the public WebSocket/HTTP listener binds."),
    PORT("port", INTEGER, TrackerConfig::port, 0, 65_535,
            "Public port for WebSocket upgrades and HTTP; 0 = any free port (the startup log prints"
                    + " the real one)."),
    EVENT_LOOPS("event-loops", INTEGER, TrackerConfig::eventLoops, 0, 1024,
            "Signaling event loops (verticle instances on the public port); 0 = one per available"
                    + " core."),
    LOG_LEVEL("log-level", TrackerConfig::logLevel,
            List.of("trace", "debug", "info", "warn", "error"),
            "Root log level: trace, debug, info, warn or error."),
    PUBLIC_URL("public-url", STRING, TrackerConfig::publicUrl,
            "URL players should use, printed at start-up (e.g. wss://tracker.example.com); empty ="
                    + " derived from host and port as ws://HOST:PORT/."),

    ADMIN_HOST("admin.host", STRING, c -> c.admin().host(),
            "Address the admin listener binds; empty = the same as host."),
    ADMIN_PORT("admin.port", OPTIONAL_INTEGER, c -> c.admin().port(), 0, 65_535,
            "When set, /metrics, /stats, /health and /ready are served on this port only (0 = any"
                    + " free port); unset = they are served on the public port."),

    ANNOUNCE_INTERVAL("announce.interval", SECONDS, c -> c.announce().interval(), 1, 3600,
            "Seconds between announces, advertised to clients as interval."),
    ANNOUNCE_PEER_TTL("announce.peer-ttl", SECONDS, c -> c.announce().peerTtl(), 1, 86_400,
            "Seconds after which a member that has not announced is removed from its swarm; must be"
                    + " longer than announce.interval."),
    ANNOUNCE_SWEEP_INTERVAL("announce.sweep-interval", SECONDS, c -> c.announce().sweepInterval(),
            1, 3600, "Seconds between sweeps of expired members and offers."),
    ANNOUNCE_MAX_OFFERS("announce.max-offers", INTEGER, c -> c.announce().maxOffers(), 1, 1000,
            "Most offers relayed per announce; the surplus is dropped."),
    ANNOUNCE_OFFER_TTL("announce.offer-ttl", SECONDS, c -> c.announce().offerTtl(), 1, 3600,
            "Seconds during which an answer to a relayed offer is accepted."),
    ANNOUNCE_PAIR_ANSWERS("announce.pair-answers", BOOLEAN, c -> c.announce().pairAnswers(),
            "Forward an answer only to the peer that sent that offer to the answerer (stops spoofed"
                    + " answers); turn off for clients that change peer_id when answering."),
    // bittorrent-tracker's client sends 20-character offer_ids (PROTOCOL §2); a lower cap refuses it.
    ANNOUNCE_MAX_OFFER_ID_LENGTH("announce.max-offer-id-length", INTEGER,
            c -> c.announce().maxOfferIdLength(), 20, 1024,
            "Longest offer_id accepted, in characters."),

    SCRAPE_ALLOW_FULL("scrape.allow-full", BOOLEAN, c -> c.scrape().allowFull(),
            "Allow scrapes without info_hash, which list every swarm."),
    SCRAPE_MAX_HASHES("scrape.max-hashes", INTEGER, c -> c.scrape().maxHashes(), 1, 10_000,
            "Most info_hashes accepted in one scrape."),

    // A realistic 10-offer announce is ~14 KB (PROTOCOL §1); 1 KiB is a floor no client fits under.
    CONNECTION_MAX_MESSAGE_SIZE("connection.max-message-size", BYTES,
            c -> c.connection().maxMessageSize(), 1024, 16 * 1024 * 1024,
            "Largest message accepted, in bytes; a larger one closes the connection with 1009."),
    CONNECTION_PING_INTERVAL("connection.ping-interval", SECONDS,
            c -> c.connection().pingInterval(), 1, 3600,
            "Seconds of silence after which the server pings a connection (keeps proxies from"
                    + " cutting it); must be shorter than connection.idle-timeout."),
    CONNECTION_IDLE_TIMEOUT("connection.idle-timeout", SECONDS,
            c -> c.connection().idleTimeout(), 1, 86_400,
            "Seconds without any frame from the client (pongs count) before the server closes the"
                    + " connection; must be longer than announce.interval."),
    CONNECTION_SEND_QUEUE_BYTES("connection.send-queue-bytes", BYTES,
            c -> c.connection().sendQueueBytes(), 1024, 1024 * 1024 * 1024,
            "Bytes buffered per connection before further messages to it are dropped; at least"
                    + " connection.max-message-size."),
    CONNECTION_SLOW_CONSUMER_TIMEOUT("connection.slow-consumer-timeout", SECONDS,
            c -> c.connection().slowConsumerTimeout(), 1, 3600,
            "Seconds a connection's send queue may stay full before the connection is closed."),
    CONNECTION_MAX_INVALID_MESSAGES("connection.max-invalid-messages", INTEGER,
            c -> c.connection().maxInvalidMessages(), 1, 1_000_000,
            "Consecutive invalid messages after which a connection is closed with 1008."),
    CONNECTION_MAX_PENDING_OFFERS("connection.max-pending-offers", INTEGER,
            c -> c.connection().maxPendingOffers(), 1, 1_000_000,
            "Offers a connection may hold unanswered; the oldest are forgotten first."),

    LIMITS_MAX_CONNECTIONS("limits.max-connections", INTEGER, c -> c.limits().maxConnections(), 0, 10_000_000,
            "WebSocket connections this node holds at once; further upgrades get HTTP 503 (another node"
                    + " may take them); 0 = no limit."),
    LIMITS_MAX_CONNECTIONS_PER_IP("limits.max-connections-per-ip", INTEGER,
            c -> c.limits().maxConnectionsPerIp(), 0, 10_000_000,
            "Connections one client IP (an IPv6 /64) holds at once; further upgrades get HTTP 429; 0 = no"
                    + " limit. Behind a proxy, list it in limits.trusted-proxies first."),
    LIMITS_TRUSTED_PROXIES("limits.trusted-proxies", STRING, c -> c.limits().trustedProxies(),
            "Comma-separated addresses or CIDR blocks (10.0.0.0/8, fd00::/8) of proxies whose Forwarded or"
                    + " X-Forwarded-For header names the client (the right-most address that is not a"
                    + " trusted proxy); empty = the client is the socket's peer."),
    LIMITS_PROXY_PROTOCOL("limits.proxy-protocol", BOOLEAN, c -> c.limits().proxyProtocol(),
            "Every connection to the public port starts with a PROXY protocol header, v1 or v2 (AWS NLB,"
                    + " HAProxy send-proxy, nginx proxy_protocol), whose source address is the client's;"
                    + " connections from outside limits.trusted-proxies are closed, and one without a header"
                    + " is closed after limits.proxy-protocol-timeout. Needs limits.trusted-proxies; set"
                    + " admin.port too (its listener never expects a header; probes and Prometheus send none)."),
    LIMITS_PROXY_PROTOCOL_TIMEOUT("limits.proxy-protocol-timeout", SECONDS,
            c -> c.limits().proxyProtocolTimeout(), 1, 3600,
            "Seconds a new connection has to send its whole PROXY header; then it is closed"
                    + " (limits.upgrade-timeout starts after the header)."),
    LIMITS_UPGRADE_TIMEOUT("limits.upgrade-timeout", SECONDS, c -> c.limits().upgradeTimeout(), 1, 3600,
            "Seconds a new TCP connection has to send its whole upgrade (or HTTP) request before it is"
                    + " closed (slowloris)."),
    LIMITS_SOCKET_SEND_BUFFER("limits.socket-send-buffer", BYTES, c -> c.limits().socketSendBuffer(), 0,
            64 * 1024 * 1024,
            "Kernel send buffer (SO_SNDBUF) of each connection, in bytes: what a client that does not read"
                    + " can make the kernel hold before connection.send-queue-bytes applies; 0 = the kernel's"
                    + " autotuning (up to tcp_wmem, megabytes per connection)."),
    LIMITS_MESSAGE_TIMEOUT("limits.message-timeout", SECONDS, c -> c.limits().messageTimeout(), 1, 3600,
            "Seconds a message sent in fragments may take from its first fragment to its last before the"
                    + " connection is closed with 1008 (each fragment is a frame, so connection.idle-timeout"
                    + " does not cut a message dribbled in small fragments)."),
    LIMITS_ANNOUNCE_RATE("limits.announce-rate", INTEGER, c -> c.limits().announceRate(), 0, 1_000_000,
            "Announces per second one connection may send on average (token bucket); more get a failure"
                    + " reason; 0 = no limit."),
    LIMITS_ANNOUNCE_BURST("limits.announce-burst", INTEGER, c -> c.limits().announceBurst(), 1, 1_000_000,
            "Announces one connection may send at once, above limits.announce-rate."),
    LIMITS_ANSWER_RATE("limits.answer-rate", INTEGER, c -> c.limits().answerRate(), 0, 1_000_000,
            "Answers per second one connection may send on average (a bucket apart from announces); 0 = no"
                    + " limit."),
    LIMITS_ANSWER_BURST("limits.answer-burst", INTEGER, c -> c.limits().answerBurst(), 1, 1_000_000,
            "Answers one connection may send at once, above limits.answer-rate."),
    LIMITS_SCRAPE_RATE("limits.scrape-rate", INTEGER, c -> c.limits().scrapeRate(), 0, 1_000_000,
            "Scrapes per second one connection may send on average; 0 = no limit."),
    LIMITS_SCRAPE_BURST("limits.scrape-burst", INTEGER, c -> c.limits().scrapeBurst(), 1, 1_000_000,
            "Scrapes one connection may send at once, above limits.scrape-rate."),
    LIMITS_IP_ANNOUNCE_RATE("limits.ip-announce-rate", INTEGER, c -> c.limits().ipAnnounceRate(), 0, 1_000_000,
            "Announces per second all connections of one client IP may send together; 0 = no limit."),
    LIMITS_IP_ANNOUNCE_BURST("limits.ip-announce-burst", INTEGER, c -> c.limits().ipAnnounceBurst(), 1,
            1_000_000, "Announces one client IP may send at once, above limits.ip-announce-rate."),
    LIMITS_IP_ANSWER_RATE("limits.ip-answer-rate", INTEGER, c -> c.limits().ipAnswerRate(), 0, 1_000_000,
            "Answers per second all connections of one client IP may send together; 0 = no limit."),
    LIMITS_IP_ANSWER_BURST("limits.ip-answer-burst", INTEGER, c -> c.limits().ipAnswerBurst(), 1, 1_000_000,
            "Answers one client IP may send at once, above limits.ip-answer-rate."),
    LIMITS_IP_SCRAPE_RATE("limits.ip-scrape-rate", INTEGER, c -> c.limits().ipScrapeRate(), 0, 1_000_000,
            "Scrapes per second all connections of one client IP may send together; 0 = no limit."),
    LIMITS_IP_SCRAPE_BURST("limits.ip-scrape-burst", INTEGER, c -> c.limits().ipScrapeBurst(), 1, 1_000_000,
            "Scrapes one client IP may send at once, above limits.ip-scrape-rate."),
    LIMITS_MAX_SWARMS_PER_CONNECTION("limits.max-swarms-per-connection", INTEGER,
            c -> c.limits().maxSwarmsPerConnection(), 0, 1_000_000,
            "Swarms one connection may be a member of at once; an announce joining one more gets a failure"
                    + " reason; 0 = no limit."),
    LIMITS_MAX_PEER_IDS_PER_CONNECTION("limits.max-peer-ids-per-connection", INTEGER,
            c -> c.limits().maxPeerIdsPerConnection(), 0, 1_000_000,
            "Distinct peer_ids one connection may announce at once; an announce with one more gets a"
                    + " failure reason; 0 = no limit."),

    ACCESS_INFO_HASH_ALLOWLIST("access.info-hash-allowlist", STRING, c -> c.access().infoHashAllowlist(),
            "File or http(s) URL listing the only info_hashes served (40 hex digits or a 20-character"
                    + " binary string per line, # comments); others get a failure reason; empty = every"
                    + " info_hash is served."),
    ACCESS_INFO_HASH_DENYLIST("access.info-hash-denylist", STRING, c -> c.access().infoHashDenylist(),
            "File or http(s) URL listing info_hashes refused (same format); empty = none refused."),
    ACCESS_LIST_RELOAD_INTERVAL("access.list-reload-interval", SECONDS,
            c -> c.access().listReloadInterval(), 1, 86_400,
            "Seconds between checks of the info_hash list files for changes (and fetches of list"
                    + " URLs); a removed hash's swarm is evicted when the change is seen."),
    ACCESS_ORIGIN_ALLOWLIST("access.origin-allowlist", STRING, c -> c.access().originAllowlist(),
            "Comma-separated Origins whose pages may connect (https://player.example.com, or"
                    + " https://*.example.com for its subdomains); other Origins get HTTP 403; empty ="
                    + " any Origin."),
    ACCESS_ORIGIN_DENYLIST("access.origin-denylist", STRING, c -> c.access().originDenylist(),
            "Comma-separated Origins refused with HTTP 403 (same format), checked before the allowlist."),
    ACCESS_DENY_MISSING_ORIGIN("access.deny-missing-origin", BOOLEAN, c -> c.access().denyMissingOrigin(),
            "Refuse upgrades without an Origin header with HTTP 403 (browsers always send one; other"
                    + " clients usually do not)."),
    ACCESS_URL_SECRET("access.url-secret", STRING, c -> c.access().urlSecret(),
            "Secret (at least 16 characters) of signed announce URLs: when set, an upgrade needs a"
                    + " valid unexpired ?token= (see Security and limits) or gets HTTP 403; set it from a"
                    + " secret, as TRACKER_ACCESS_URL_SECRET; never logged; empty = no token needed."),
    ACCESS_URL_PREVIOUS_SECRET("access.url-previous-secret", STRING, c -> c.access().urlPreviousSecret(),
            "The secret before the last rotation: tokens signed with it stay valid until they expire;"
                    + " empty = none."),

    TLS_CERT_PEM("tls.cert-pem", STRING, c -> c.tls().certPem(),
            "PEM file of the certificate chain (leaf first): when set, the public port serves wss://"
                    + " and https:// only; empty = plain ws://."),
    TLS_KEY_PEM("tls.key-pem", STRING, c -> c.tls().keyPem(),
            "PEM file of the certificate's private key (PKCS#8, or PKCS#1 RSA); required with"
                    + " tls.cert-pem."),
    TLS_RELOAD_INTERVAL("tls.reload-interval", SECONDS, c -> c.tls().reloadInterval(), 1, 86_400,
            "Seconds between checks of the PEM files for a change; new connections then get the new"
                    + " certificate, open ones are kept."),

    CLUSTER_BACKEND("cluster.backend", c -> c.cluster().backend(), List.of("local", "hazelcast", "redis"),
            "Where swarms live: local (this process only; no set-up), hazelcast (shared by every"
                    + " node of the cluster) or redis (shared through the Redis at cluster.redis-url)."),
    CLUSTER_NAME("cluster.name", STRING, c -> c.cluster().name(),
            "Cluster name: nodes join only a cluster of the same name."),
    CLUSTER_HOST("cluster.host", STRING, c -> c.cluster().host(),
            "Address this node binds for cluster traffic and advertises to the other nodes; must be"
                    + " reachable from them (the pod IP on Kubernetes)."),
    CLUSTER_PORT("cluster.port", INTEGER, c -> c.cluster().port(), 1, 65_535,
            "Hazelcast member port of this node."),
    CLUSTER_MEMBERS("cluster.members", STRING, c -> c.cluster().members(),
            "TCP/IP join: comma-separated host:port of the cluster's nodes (this one may be listed)."),
    CLUSTER_KUBERNETES_SERVICE_DNS("cluster.kubernetes-service-dns", STRING,
            c -> c.cluster().kubernetesServiceDns(),
            "Kubernetes join instead of cluster.members: DNS name of the headless service whose"
                    + " addresses are the nodes (e.g. tracker-hz.default.svc.cluster.local)."),
    CLUSTER_HEARTBEAT("cluster.heartbeat", SECONDS, c -> c.cluster().heartbeat(), 1, 60,
            "Seconds between heartbeats among nodes."),
    CLUSTER_FAILURE_TIMEOUT("cluster.failure-timeout", SECONDS, c -> c.cluster().failureTimeout(),
            2, 600, "Seconds without heartbeats after which a node is declared dead and its peers are"
                    + " purged from every swarm; more than cluster.heartbeat."),
    CLUSTER_OFFER_ROUTING("cluster.offer-routing", c -> c.cluster().offerRouting(),
            List.of("local-first", "uniform"),
            "local-first: offers go to members on this node when it has enough, the rest to other"
                    + " nodes; uniform: to members anywhere in the cluster, equally likely."),
    CLUSTER_PUBLISH_INTERVAL_MS("cluster.publish-interval-ms", INTEGER,
            c -> c.cluster().publishIntervalMs(), 50, 60_000,
            "Milliseconds between publications of this node's changed swarm counts."),
    CLUSTER_VIEW_MAX_AGE_MS("cluster.view-max-age-ms", INTEGER, c -> c.cluster().viewMaxAgeMs(),
            100, 60_000, "Oldest view of other nodes' counts a reply may use, in milliseconds; counts"
                    + " are cluster-wide within publish-interval-ms + view-max-age-ms."),
    CLUSTER_READ_TIMEOUT_MS("cluster.read-timeout-ms", INTEGER, c -> c.cluster().readTimeoutMs(),
            10, 10_000, "Longest a reply waits for a read of the cluster directory, in milliseconds;"
                    + " then it goes out with the counts at hand (a stalled node must not stall replies)."),
    CLUSTER_REPUBLISH_INTERVAL("cluster.republish-interval", SECONDS,
            c -> c.cluster().republishInterval(), 1, 3600,
            "Seconds between publications of all of this node's counts (heals lost writes)."),

    CLUSTER_REDIS_URL("cluster.redis-url", STRING, c -> c.cluster().redisUrl(),
            "Redis server of the redis backend (standalone): redis://[[user]:password@]host:port[/db],"
                    + " or rediss://... for TLS."),
    CLUSTER_REDIS_PASSWORD("cluster.redis-password", STRING, c -> c.cluster().redisPassword(),
            "Redis AUTH password, instead of one in cluster.redis-url (set it from a secret, as"
                    + " TRACKER_CLUSTER_REDIS_PASSWORD); never logged."),
    CLUSTER_REDIS_TLS_TRUST_PEM("cluster.redis-tls-trust-pem", STRING,
            c -> c.cluster().redisTlsTrustPem(),
            "For a rediss:// URL: PEM file of the CA certificates to trust; empty = the JVM's default"
                    + " CAs. The server's host name is always verified."),

    DRAIN_WINDOW("drain.window", SECONDS, c -> c.drain().window(), 0, 3600,
            "Seconds over which open sockets are closed with 1001 on SIGTERM, spread evenly; 0 = all"
                    + " at once."),
    DRAIN_TIMEOUT("drain.timeout", SECONDS, c -> c.drain().timeout(), 1, 3600,
            "Seconds after SIGTERM when the process exits even if the drain has not finished; at"
                    + " least drain.window.");

    static final String ENV_PREFIX = "TRACKER_";

    private final String key;
    private final ValueType type;
    private final Function<TrackerConfig, Object> getter;
    private final Long min;
    private final Long max;
    private final List<String> choices;
    private final String description;

    ConfigKey(String key, ValueType type, Function<TrackerConfig, Object> getter,
            String description) {
        this(key, type, getter, null, null, List.of(), description);
    }

    ConfigKey(String key, ValueType type, Function<TrackerConfig, Object> getter, long min,
            long max, String description) {
        this(key, type, getter, min, max, List.of(), description);
    }

    ConfigKey(String key, Function<TrackerConfig, Object> getter, List<String> choices,
            String description) {
        this(key, ValueType.CHOICE, getter, null, null, choices, description);
    }

    ConfigKey(String key, ValueType type, Function<TrackerConfig, Object> getter, Long min,
            Long max, List<String> choices, String description) {
        this.key = key;
        this.type = type;
        this.getter = getter;
        this.min = min;
        this.max = max;
        this.choices = choices;
        this.description = description;
    }

    /** The dotted key, as in the YAML file: {@code announce.peer-ttl}. */
    String key() {
        return key;
    }

    ValueType type() {
        return type;
    }

    String description() {
        return description;
    }

    /** {@code --announce.peer-ttl}. */
    String flag() {
        return "--" + key;
    }

    /** {@code TRACKER_ANNOUNCE_PEER_TTL}: the key upper-cased, {@code .} and {@code -} as {@code _}. */
    String envVar() {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The YAML section ({@code announce}), or empty for a top-level key. */
    Optional<String> section() {
        int dot = key.indexOf('.');
        return dot < 0 ? Optional.empty() : Optional.of(key.substring(0, dot));
    }

    /** The name inside the section: {@code peer-ttl}. */
    String leaf() {
        return key.substring(key.indexOf('.') + 1);
    }

    Object valueIn(TrackerConfig config) {
        return getter.apply(config);
    }

    Object defaultValue() {
        return valueIn(TrackerConfig.defaults());
    }

    /** The default for docs: the plain value, or {@code (empty)} / {@code (unset)}. */
    String defaultText() {
        String plain = type.plain(defaultValue());
        if (!plain.isEmpty()) {
            return plain;
        }
        return type == OPTIONAL_INTEGER ? "(unset)" : "(empty)";
    }

    /** {@code 1 to 3600 s}, {@code trace|debug|...}, or empty when anything of the type goes. */
    String rangeText() {
        if (!choices.isEmpty()) {
            return String.join(", ", choices);
        }
        return min == null ? "" : min + " to " + max + type.unitSuffix();
    }

    /** Placeholder for the value in {@code --help}. */
    String metavar() {
        return choices.isEmpty() ? type.metavar() : String.join("|", choices);
    }

    Long min() {
        return min;
    }

    Long max() {
        return max;
    }

    List<String> choices() {
        return choices;
    }

    static Optional<ConfigKey> byKey(String key) {
        for (ConfigKey k : values()) {
            if (k.key.equals(key)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    static Optional<ConfigKey> byEnvVar(String name) {
        for (ConfigKey k : values()) {
            if (k.envVar().equals(name)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    /** Section names in key order: {@code admin, announce, scrape, connection, drain}. */
    static List<String> sections() {
        return Arrays.stream(values()).map(ConfigKey::section).flatMap(Optional::stream)
                .distinct().toList();
    }
}
