package dev.hivecast.tracker.config;

import static dev.hivecast.tracker.config.Loading.config;
import static dev.hivecast.tracker.config.Loading.printed;
import static dev.hivecast.tracker.config.Loading.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --print-default-config} prints a commented file that loads back to the defaults. */
class DefaultConfigFileTest {

    @TempDir
    Path dir;

    @Test
    void printedDefaultConfigLoadsBackToExactlyTheDefaults() {
        Path file = yaml(dir, printed("--print-default-config"));

        assertThat(config("--config", file.toString())).isEqualTo(TrackerConfig.defaults());
    }

    @Test
    void everyKeyIsWrittenUnderItsSectionWithItsMeaningAbove() {
        List<String> lines = printed("--print-default-config").lines().toList();

        for (ConfigKey key : ConfigKey.ALL) {
            String indent = key.section() != null ? "  " : "";
            String line = indent + key.leaf() + ": " + YamlConfigWriter.yaml(key, key.defaultValue());
            // Two sections may hold the same leaf and value (enabled: true): look inside its own.
            int from = key.section() != null ? lines.indexOf(key.section() + ":") : 0;
            assertThat(from).as("section of " + key.key()).isNotNegative();
            List<String> section = lines.subList(from, lines.size());
            assertThat(section).as(key.key()).contains(line);
            String firstWords = key.doc().split(" ", 4).length > 3
                    ? String.join(" ", List.of(key.doc().split(" ", 4)).subList(0, 3))
                    : key.doc();
            int at = section.indexOf(line);
            assertThat(section.subList(0, at)).as("comment above " + key.key())
                    .anyMatch(l -> l.startsWith(indent + "# " + firstWords));
        }
    }

    @Test
    void anyConfigIsWrittenAndReadBackUnchanged() throws Exception {
        TrackerConfig config = KeyValues.allChanged();
        String text = YamlConfigWriter.write(config);

        ConfigValues values = new ConfigValues();
        YamlConfigReader.parse(new YAMLMapper().readTree(text), "test")
                .forEach(values::set);

        assertThat(values.toConfig()).isEqualTo(config);
    }

    @Test
    void durationsAndSizesAreWrittenWithTheirUnits() {
        assertThat(printed("--print-default-config").lines())
                .contains("  interval: 2m", "  max-message-size: 64KiB", "  publish-interval: 500ms",
                        "  socket-send-buffer: 64KiB", "host: \"0.0.0.0\"", "  port: null");
    }

    @Test
    void printingDoesNotReadTheEnvironmentOrTheFile() {
        LoadResult result = ConfigLoader.load(new String[] {"--print-default-config"},
                Map.of("TRACKER_BOGUS", "1", "TRACKER_CONFIG", "/nonexistent.yaml"));

        assertThat(result).isInstanceOf(LoadResult.PrintAndExit.class);
    }
}
