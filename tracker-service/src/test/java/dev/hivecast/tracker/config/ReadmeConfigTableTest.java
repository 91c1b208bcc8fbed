package dev.hivecast.tracker.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * README CHECK: the settings table in the repository's README.md must be exactly {@link
 * ConfigTable#markdown()}. When a key changes, regenerate the table and paste it into README.md.
 * The path is relative to the module directory (Maven runs tests there).
 */
class ReadmeConfigTableTest {

    private static final Path README = Path.of("..", "README.md");

    @Test
    void readmeHoldsTheGeneratedSettingsTable() throws IOException {
        String table = ConfigTable.markdown();
        assertThat(README).as("README.md next to the parent pom, holding:%n%s", table).exists();

        String readme = Files.readString(README).replace("\r\n", "\n");
        String rows = table.stripTrailing();
        int at = readme.indexOf(rows);

        assertThat(at).as("README.md settings table is stale; replace it with:%n%s", table)
                .isNotNegative();
        // Exactly: no stray row of an old table may sit right before or after it.
        String before = readme.substring(0, at);
        String after = readme.substring(at + rows.length());
        assertThat(before.isEmpty() || before.endsWith("\n")).isTrue();
        assertThat(lastLine(before)).doesNotStartWith("|");
        assertThat(after.isEmpty() || after.startsWith("\n")).isTrue();
        assertThat(firstLine(after.isEmpty() ? after : after.substring(1))).doesNotStartWith("|");
    }

    /** The line after the table: {@code after} begins with the table's own line break. */
    private static String firstLine(String text) {
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }

    private static String lastLine(String text) {
        String trimmed = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        return trimmed.substring(trimmed.lastIndexOf('\n') + 1);
    }

    @Test
    void tableHasOneRowPerKeyWithFlagVariableAndDefault() {
        String table = ConfigTable.markdown();
        assertThat(table.lines()).hasSize(2 + ConfigKey.values().length);
        assertThat(table).contains("| `announce.max-offers` | `--announce.max-offers` |"
                + " `TRACKER_ANNOUNCE_MAX_OFFERS` | `20` | ");
        assertThat(table).contains("| `admin.port` | `--admin.port` | `TRACKER_ADMIN_PORT` | (unset) |");
    }
}
