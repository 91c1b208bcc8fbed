package dev.hivecast.tracker.config;

import java.util.HashMap;
import java.util.Map;

/**
 * The merge of all sources: one value per key and the source that set it last, so that a rule
 * broken by the result can say which flag, variable or file to fix.
 */
final class ConfigValues {

    static final String DEFAULT_ORIGIN = "the default";

    private final Map<ConfigKey, Object> values = new HashMap<>();
    private final Map<ConfigKey, String> origins = new HashMap<>();

    ConfigValues() {
        for (ConfigKey key : ConfigKey.ALL) {
            values.put(key, key.defaultValue());
            origins.put(key, DEFAULT_ORIGIN);
        }
    }

    /** A later call for the same key wins; call in precedence order. */
    void set(ConfigKey key, Object value, String origin) {
        values.put(key, value);
        origins.put(key, origin);
    }

    void set(SourcedValue value) {
        set(value.key(), value.value(), value.origin());
    }

    /** {@code the default}, {@code /etc/tracker.yaml}, {@code TRACKER_PORT} or {@code --port}. */
    String origin(ConfigKey key) {
        return origins.get(key);
    }

    TrackerConfig toConfig() {
        return ConfigBinder.build(values);
    }
}
