package dev.hivecast.tracker.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The declarations on the records are the single source of truth; every key is derived from one. */
class ConfigKeyDefinitionsTest {

    static Stream<ConfigKey> keys() {
        return ConfigKey.ALL.stream();
    }

    @Test
    void keysAreTheRecordComponentsInKebabCaseInDeclarationOrder() {
        List<String> fromRecords = new ArrayList<>();
        collect(TrackerConfig.class, "", fromRecords);

        assertThat(ConfigKey.ALL.stream().map(ConfigKey::key)).containsExactlyElementsOf(fromRecords);
        assertThat(ConfigKey.ALL.stream().map(ConfigKey::key)).contains("announce.peer-ttl",
                "connection.send-queue-size", "cluster.publish-interval", "limits.ip-announce-burst");
    }

    @ParameterizedTest
    @MethodSource("keys")
    void eachKeyReachesItsOwnFieldAndNoOther(ConfigKey key) {
        ConfigValues values = new ConfigValues();
        values.set(key, KeyValues.changed(key), "test");
        TrackerConfig config = values.toConfig();

        for (ConfigKey other : ConfigKey.ALL) {
            Object expected = other == key ? KeyValues.changed(key) : other.defaultValue();
            assertThat(other.valueIn(config)).as(other.key()).isEqualTo(expected);
        }
    }

    @Test
    void environmentVariableNamesAreDistinct() {
        assertThat(ConfigKey.ALL.stream().map(ConfigKey::envVar))
                .doesNotHaveDuplicates()
                .doesNotContain(EnvironmentReader.CONFIG_VAR);
    }

    @ParameterizedTest
    @MethodSource("keys")
    void everyKeyHasAMeaningAndADefaultInsideItsRange(ConfigKey key) {
        assertThat(key.doc()).isNotBlank().endsWith(".").doesNotContain("|");
        if (key.min() != null && key.defaultValue() != null) {
            assertThat(ValueType.number(key.defaultValue()))
                    .isBetween(ValueType.number(key.min()), ValueType.number(key.max()));
        }
        assertThat(key.min() == null).as("min and max come together").isEqualTo(key.max() == null);
    }

    @ParameterizedTest
    @MethodSource("keys")
    void durationsAndSizesHaveARangeAndNoKeyNamesItsUnit(ConfigKey key) {
        if (key.type() == ValueType.DURATION || key.type() == ValueType.SIZE) {
            assertThat(key.min()).as(key.key()).isNotNull();
        }
        assertThat(key.key()).doesNotEndWith("-ms").doesNotEndWith("-bytes").doesNotEndWith("-seconds");
    }

    @Test
    void defaultsPassValidation() {
        assertThat(ConfigValidator.check(TrackerConfig.defaults())).isEmpty();
    }

    @Test
    void defaultsAreTheDeclaredValues() {
        TrackerConfig d = TrackerConfig.defaults();
        assertThat(d.port()).isEqualTo(8000);
        assertThat(d.announce().interval()).hasSeconds(120);
        assertThat(d.connection().idleTimeout()).hasSeconds(360);
        assertThat(d.connection().maxMessageSize()).isEqualTo(65_536);
        assertThat(d.cluster().publishInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(d.admin().port()).isNull();
        assertThat(d.announce()).isEqualTo(AnnounceConfig.defaults());
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
