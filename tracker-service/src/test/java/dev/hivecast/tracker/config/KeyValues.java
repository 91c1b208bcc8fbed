package dev.hivecast.tracker.config;

import java.time.Duration;

/** A value for each key that differs from its default and from every other key's value. */
final class KeyValues {

    private KeyValues() {
    }

    static Object changed(ConfigKey key) {
        int n = 1000 + ConfigKey.ALL.indexOf(key);
        return switch (key.type()) {
            case STRING -> "value \"" + key.key() + "\" \\ " + n;
            case CHOICE -> key.choices().get(0).equals(key.defaultValue())
                    ? key.choices().get(1) : key.choices().get(0);
            case INTEGER, OPTIONAL_INTEGER -> n;
            case SIZE -> n * 1024 + 1;
            case DURATION -> Duration.ofMillis(n * 1000L + 7);
            case BOOLEAN -> !(Boolean) key.defaultValue();
            case FRACTION -> n / 10_000.0;
        };
    }

    /** Every key set to {@link #changed}; not a valid config, only distinct values. */
    static TrackerConfig allChanged() {
        ConfigValues values = new ConfigValues();
        for (ConfigKey key : ConfigKey.ALL) {
            values.set(key, changed(key), "test");
        }
        return values.toConfig();
    }
}
