package dev.hivecast.tracker.config;

import java.util.Optional;

/**
 * Writes a config as a commented YAML file that {@link YamlConfigReader} reads back to the same
 * config; {@code --print-default-config} prints the defaults this way.
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
                + " command-line flags. Durations are whole seconds, sizes are bytes.");
        Optional<String> section = Optional.empty();
        for (ConfigKey key : ConfigKey.values()) {
            String indent = key.section().isPresent() ? "  " : "";
            boolean opensSection = key.section().isPresent() && !key.section().equals(section);
            out.append('\n');
            if (opensSection) {
                out.append(key.section().get()).append(":\n");
            }
            section = key.section();
            comment(out, indent, key.description());
            out.append(indent).append(key.leaf()).append(": ")
                    .append(key.type().toYaml(key.valueIn(config))).append('\n');
        }
        return out.toString();
    }

    private static void comment(StringBuilder out, String indent, String text) {
        for (String line : TextWrap.wrap(text, WIDTH - indent.length() - 2)) {
            out.append(indent).append("# ").append(line).append('\n');
        }
    }
}
