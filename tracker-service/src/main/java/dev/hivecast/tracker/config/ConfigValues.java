package dev.hivecast.tracker.config;

import static dev.hivecast.tracker.config.ConfigKey.*;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * The merge of all sources: one value per key and the source that set it last, so that a rule
 * broken by the result can say which flag, variable or file to fix.
 */
final class ConfigValues {

    static final String DEFAULT_ORIGIN = "the default";

    private final Map<ConfigKey, Object> values = new EnumMap<>(ConfigKey.class);
    private final Map<ConfigKey, String> origins = new EnumMap<>(ConfigKey.class);

    ConfigValues() {
        TrackerConfig defaults = TrackerConfig.defaults();
        for (ConfigKey key : ConfigKey.values()) {
            values.put(key, key.valueIn(defaults));
            origins.put(key, DEFAULT_ORIGIN);
        }
    }

    /** A later call for the same key wins; call in precedence order. */
    void set(ConfigKey key, Object value, String origin) {
        values.put(key, value);
        origins.put(key, origin);
    }

    /** {@code default}, {@code /etc/tracker.yaml}, {@code TRACKER_PORT} or {@code --port}. */
    String origin(ConfigKey key) {
        return origins.get(key);
    }

    TrackerConfig toConfig() {
        return new TrackerConfig(
                string(HOST), integer(PORT), integer(EVENT_LOOPS), string(LOG_LEVEL),
                string(PUBLIC_URL),
                new AdminConfig(string(ADMIN_HOST), (Integer) values.get(ADMIN_PORT)),
                new AnnounceConfig(seconds(ANNOUNCE_INTERVAL), seconds(ANNOUNCE_PEER_TTL),
                        seconds(ANNOUNCE_SWEEP_INTERVAL), integer(ANNOUNCE_MAX_OFFERS),
                        seconds(ANNOUNCE_OFFER_TTL), bool(ANNOUNCE_PAIR_ANSWERS),
                        integer(ANNOUNCE_MAX_OFFER_ID_LENGTH)),
                new ScrapeConfig(bool(SCRAPE_ALLOW_FULL), integer(SCRAPE_MAX_HASHES)),
                new ConnectionConfig(integer(CONNECTION_MAX_MESSAGE_SIZE),
                        seconds(CONNECTION_PING_INTERVAL), seconds(CONNECTION_IDLE_TIMEOUT),
                        integer(CONNECTION_SEND_QUEUE_BYTES),
                        seconds(CONNECTION_SLOW_CONSUMER_TIMEOUT),
                        integer(CONNECTION_MAX_INVALID_MESSAGES),
                        integer(CONNECTION_MAX_PENDING_OFFERS)),
                new LimitsConfig(integer(LIMITS_MAX_CONNECTIONS), integer(LIMITS_MAX_CONNECTIONS_PER_IP),
                        string(LIMITS_TRUSTED_PROXIES), bool(LIMITS_PROXY_PROTOCOL),
                        seconds(LIMITS_PROXY_PROTOCOL_TIMEOUT), seconds(LIMITS_UPGRADE_TIMEOUT),
                        integer(LIMITS_SOCKET_SEND_BUFFER), seconds(LIMITS_MESSAGE_TIMEOUT),
                        integer(LIMITS_ANNOUNCE_RATE), integer(LIMITS_ANNOUNCE_BURST),
                        integer(LIMITS_ANSWER_RATE), integer(LIMITS_ANSWER_BURST),
                        integer(LIMITS_SCRAPE_RATE), integer(LIMITS_SCRAPE_BURST),
                        integer(LIMITS_IP_ANNOUNCE_RATE), integer(LIMITS_IP_ANNOUNCE_BURST),
                        integer(LIMITS_IP_ANSWER_RATE), integer(LIMITS_IP_ANSWER_BURST),
                        integer(LIMITS_IP_SCRAPE_RATE), integer(LIMITS_IP_SCRAPE_BURST),
                        integer(LIMITS_MAX_SWARMS_PER_CONNECTION), integer(LIMITS_MAX_PEER_IDS_PER_CONNECTION)),
                new AccessConfig(string(ACCESS_INFO_HASH_ALLOWLIST), string(ACCESS_INFO_HASH_DENYLIST),
                        seconds(ACCESS_LIST_RELOAD_INTERVAL), string(ACCESS_ORIGIN_ALLOWLIST),
                        string(ACCESS_ORIGIN_DENYLIST), bool(ACCESS_DENY_MISSING_ORIGIN),
                        string(ACCESS_URL_SECRET), string(ACCESS_URL_PREVIOUS_SECRET)),
                new TlsConfig(string(TLS_CERT_PEM), string(TLS_KEY_PEM), seconds(TLS_RELOAD_INTERVAL)),
                new ClusterConfig(string(CLUSTER_BACKEND), string(CLUSTER_NAME), string(CLUSTER_HOST),
                        integer(CLUSTER_PORT), string(CLUSTER_MEMBERS),
                        string(CLUSTER_KUBERNETES_SERVICE_DNS), seconds(CLUSTER_HEARTBEAT),
                        seconds(CLUSTER_FAILURE_TIMEOUT), string(CLUSTER_OFFER_ROUTING),
                        integer(CLUSTER_PUBLISH_INTERVAL_MS), integer(CLUSTER_VIEW_MAX_AGE_MS),
                        integer(CLUSTER_READ_TIMEOUT_MS),
                        seconds(CLUSTER_REPUBLISH_INTERVAL), string(CLUSTER_REDIS_URL),
                        string(CLUSTER_REDIS_PASSWORD), string(CLUSTER_REDIS_TLS_TRUST_PEM)),
                new DrainConfig(seconds(DRAIN_WINDOW), seconds(DRAIN_TIMEOUT)));
    }

    private String string(ConfigKey key) {
        return (String) values.get(key);
    }

    private int integer(ConfigKey key) {
        return (Integer) values.get(key);
    }

    private Duration seconds(ConfigKey key) {
        return (Duration) values.get(key);
    }

    private boolean bool(ConfigKey key) {
        return (Boolean) values.get(key);
    }
}
