package dev.hivecast.tracker.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * REFERENCE CHECK: the settings reference in the repository's docs/configuration.md must be
 * exactly {@link ConfigReference#markdown()}. When a declaration changes, copy the new reference
 * from this test's failure message over the old one. The path is relative to the module directory
 * (Maven runs tests there).
 */
class ConfigurationReferenceTest {

    private static final Path DOC = Path.of("..", "docs", "configuration.md");

    @Test
    void theConfigurationDocHoldsTheGeneratedReference() throws IOException {
        String reference = ConfigReference.markdown();
        assertThat(DOC).as("docs/configuration.md next to the parent pom, holding:%n%s", reference).exists();

        String doc = Files.readString(DOC).replace("\r\n", "\n");
        String text = reference.stripTrailing();
        int at = doc.indexOf(text);

        assertThat(at).as("docs/configuration.md reference is stale; replace it with:%n%s", reference)
                .isNotNegative();
        // Exactly: no stray row or table of an old reference may sit right before or after it.
        String before = doc.substring(0, at);
        String after = doc.substring(at + text.length());
        assertThat(before.isEmpty() || before.endsWith("\n")).isTrue();
        assertThat(lastLine(before)).doesNotStartWith("|");
        assertThat(after.isEmpty() || after.startsWith("\n")).isTrue();
        String next = after.strip();
        assertThat(firstLine(next)).doesNotStartWith("|").doesNotStartWith("### ");
        assertThat(doc.indexOf(text, at + 1)).as("the reference appears once").isNegative();
    }

    @Test
    void referenceHasOneRowPerKeyWithFlagVariableDefaultAndRange() {
        String reference = ConfigReference.markdown();
        long rows = reference.lines().filter(l -> l.startsWith("| `")).count();
        assertThat(rows).isEqualTo(ConfigKey.ALL.size());
        assertThat(reference).contains("| `announce.max-offers` | `--announce.max-offers` |"
                + " `TRACKER_ANNOUNCE_MAX_OFFERS` | `20` | integer 1 to 1000 | ");
        assertThat(reference).contains("| `admin.port` | `--admin.port` | `TRACKER_ADMIN_PORT` | (unset) |");
        assertThat(reference).contains("| `cluster.publish-interval` | `--cluster.publish-interval` |"
                + " `TRACKER_CLUSTER_PUBLISH_INTERVAL` | `500ms` | duration 50ms to 1m | ");
        assertThat(reference).contains("### `limits`\n");
    }

    private static String firstLine(String text) {
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }

    private static String lastLine(String text) {
        String trimmed = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        return trimmed.substring(trimmed.lastIndexOf('\n') + 1);
    }
}
