package dev.hivecast.tracker.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The key list is the single source of truth, so it must match the records exactly. */
class ConfigKeyDefinitionsTest {

    @Test
    void keysAreTheRecordComponentsInKebabCaseInDeclarationOrder() {
        List<String> fromRecords = new ArrayList<>();
        collect(TrackerConfig.class, "", fromRecords);

        assertThat(Arrays.stream(ConfigKey.values()).map(ConfigKey::key))
                .containsExactlyElementsOf(fromRecords);
    }

    @ParameterizedTest
    @EnumSource(ConfigKey.class)
    void eachKeyReachesItsOwnFieldAndNoOther(ConfigKey key) {
        ConfigValues values = new ConfigValues();
        values.set(key, KeyValues.changed(key), "test");
        TrackerConfig config = values.toConfig();

        for (ConfigKey other : ConfigKey.values()) {
            Object expected = other == key ? KeyValues.changed(key) : other.defaultValue();
            assertThat(other.valueIn(config)).as(other.key()).isEqualTo(expected);
        }
    }

    @Test
    void environmentVariableNamesAreDistinct() {
        assertThat(Arrays.stream(ConfigKey.values()).map(ConfigKey::envVar))
                .doesNotHaveDuplicates()
                .doesNotContain(EnvironmentReader.CONFIG_VAR);
    }

    @ParameterizedTest
    @EnumSource(ConfigKey.class)
    void everyKeyHasAMeaningAndADefaultInsideItsRange(ConfigKey key) {
        assertThat(key.description()).isNotBlank().endsWith(".").doesNotContain("|");
        if (key.min() != null && key.defaultValue() != null) {
            assertThat(ValueType.number(key.defaultValue())).isBetween(key.min(), key.max());
        }
    }

    @Test
    void defaultsPassValidation() {
        assertThat(ConfigValidator.check(TrackerConfig.defaults())).isEmpty();
    }

    @Test
    void defaultsAreTheNamedConstants() {
        TrackerConfig d = TrackerConfig.defaults();
        assertThat(d.port()).isEqualTo(TrackerConfig.DEFAULT_PORT).isEqualTo(8000);
        assertThat(d.announce().interval()).isEqualTo(AnnounceConfig.DEFAULT_INTERVAL).hasSeconds(120);
        assertThat(d.connection().idleTimeout()).isEqualTo(ConnectionConfig.DEFAULT_IDLE_TIMEOUT)
                .hasSeconds(360);
        assertThat(d.admin().port()).isNull();
    }

    private static void collect(Class<?> record, String prefix, List<String> out) {
        for (RecordComponent c : record.getRecordComponents()) {
            String name = prefix + kebab(c.getName());
            if (c.getType().isRecord()) {
                collect(c.getType(), name + ".", out);
            } else {
                out.add(name);
            }
        }
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([A-Z])", "-$1").toLowerCase();
    }
}
