package dev.hivecast.tracker.config;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.util.Objects;

/**
 * Writes a config as a commented YAML file that {@link YamlConfigReader} reads back to the same
 * config; {@code --print-default-config} prints the defaults this way. Jackson cannot write
 * comments, so the lines are written here; text values are JSON strings, which YAML reads as
 * double-quoted scalars (so {@code 0.0.0.0} or {@code on} stay text).
 */
final class YamlConfigWriter {

    private static final int WIDTH = 98;

    private YamlConfigWriter() {
    }

    static String write(TrackerConfig config) {
        StringBuilder out = new StringBuilder();
        comment(out, "", "Hivecast tracker configuration. Every key is optional; a missing key"
                + " keeps the default shown here. Later sources win: defaults, this file"
                + " (--config FILE or TRACKER_CONFIG), TRACKER_* environment variables,"
                + " command-line flags. Durations take a unit (500ms, 30s, 2m, 1h), sizes too"
                + " (512B, 64KiB, 1MiB).");
        String section = null;
        for (ConfigKey key : ConfigKey.ALL) {
            String indent = key.section() != null ? "  " : "";
            out.append('\n');
            if (key.section() != null && !Objects.equals(key.section(), section)) {
                out.append(key.section()).append(":\n");
            }
            section = key.section();
            comment(out, indent, key.doc());
            out.append(indent).append(key.leaf()).append(": ").append(yaml(key, key.valueIn(config)))
                    .append('\n');
        }
        return out.toString();
    }

    /** The value as YAML: text double-quoted, unset as {@code null}, others as typed ({@code 2m}). */
    static String yaml(ConfigKey key, Object value) {
        if (value == null) {
            return "null";
        }
        String plain = key.type().plain(value);
        return switch (key.type()) {
            case STRING, CHOICE ->
                    "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(plain)) + "\"";
            default -> plain;
        };
    }

    private static void comment(StringBuilder out, String indent, String text) {
        StringBuilder line = new StringBuilder();
        int width = WIDTH - indent.length() - 2;
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                out.append(indent).append("# ").append(line).append('\n');
                line.setLength(0);
            }
            line.append(line.length() > 0 ? " " : "").append(word);
        }
        out.append(indent).append("# ").append(line).append('\n');
    }
}
