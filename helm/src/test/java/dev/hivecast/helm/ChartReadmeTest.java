package dev.hivecast.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * DRIFT CHECK: helm/hivecast/README.md is generated from values.yaml's comments. When this fails,
 * run {@code java helm/src/test/java/dev/hivecast/helm/ValuesReadme.java helm/hivecast} from the
 * repository root and commit the README it writes.
 */
class ChartReadmeTest {

    private final Chart chart = Chart.source();

    @Test
    void readmeIsTheOneGeneratedFromValuesYaml() throws IOException {
        String values = Files.readString(chart.dir().resolve("values.yaml"));
        String readme = Files.readString(chart.dir().resolve("README.md")).replace("\r\n", "\n");

        assertThat(readme).as("helm/hivecast/README.md is stale: run java "
                + "helm/src/test/java/dev/hivecast/helm/ValuesReadme.java helm/hivecast")
                .isEqualTo(ValuesReadme.render(values));
    }

    @Test
    void everyValueIsInTheReadmeWithItsDefault() throws IOException {
        String readme = Files.readString(chart.dir().resolve("README.md"));

        assertThat(readme).contains("- `service.externalTrafficPolicy` = `\"\"`")
                .contains("- `networkPolicy.enabled` = `true`")
                .contains("### `logFormat`\n\nDefault: `text`")
                .contains("- `probes.readiness.failureThreshold` = `1`");
    }

    @Test
    void commentsBecomeProseAndIndentedCommentsBecomeExamples() {
        String readme = ValuesReadme.render("""
                # A chart.

                # How many.
                # Really.
                count: 1
                group:
                  # Inside, e.g.
                  #   inner: 2
                  leaf: <x>
                  list:
                    - a: 1
                other: {}
                """);

        assertThat(readme).contains("A chart.")
                .contains("### `count`\n\nDefault: `1`\n\nHow many. Really.\n")
                .contains("- `group.leaf` = `<x>`\n\n  Inside, e.g.\n\n  ```yaml\n  inner: 2\n  ```\n")
                .contains("- `group.list`\n\n  Default:\n\n  ```yaml\n  - a: 1\n  ```\n")
                .contains("### `other`\n\nDefault: `{}`\n");
    }

    @Test
    void blockScalarsAndInlineCommentsAreRead() {
        List<ValuesReadme.Entry> entries = ValuesReadme.entries(List.of(
                "text: |", "  line one", "", "  line two", "", "port: 80  # the Service's", "quoted: \"a # b\""));

        assertThat(entries).extracting(ValuesReadme.Entry::path).containsExactly("text", "port", "quoted");
        assertThat(entries.get(0).defaultValue()).isEqualTo("line one\n\nline two\n");
        assertThat(entries.get(1).defaultValue()).isEqualTo("80");
        assertThat(entries.get(1).comment()).containsExactly("the Service's");
        assertThat(entries.get(2).defaultValue()).isEqualTo("\"a # b\"");
    }

    @Test
    void theEntriesFollowTheKeysOfValuesYaml() {
        List<ValuesReadme.Entry> entries = ValuesReadme.entries(List.of(
                "a:", "  b:", "    c: 1", "  d: 2", "e: 3"));

        assertThat(entries).extracting(ValuesReadme.Entry::path).containsExactly("a", "a.b", "a.b.c", "a.d", "e");
        assertThat(entries).extracting(ValuesReadme.Entry::defaultValue).containsExactly(null, null, "1", "2", "3");
    }
}
