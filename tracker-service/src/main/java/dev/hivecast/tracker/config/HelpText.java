package dev.hivecast.tracker.config;

import java.util.ArrayList;
import java.util.List;

/** The {@code --help} text: usage, precedence, then every flag with its variable and default. */
final class HelpText {

    private static final int WIDTH = 100;
    private static final String INDENT = "      ";

    private HelpText() {
    }

    static String render() {
        StringBuilder out = new StringBuilder();
        out.append("Usage: hivecast-tracker [--config FILE] [--KEY VALUE | --KEY=VALUE]...\n\n");
        paragraph(out, "", "Starts the Hivecast WebTorrent WebSocket tracker. Every setting has a"
                + " default and can be set in a YAML file, by environment variable or by flag;"
                + " later sources win: defaults, the file (--config FILE or TRACKER_CONFIG),"
                + " TRACKER_* environment variables, flags. A boolean flag given alone means true."
                + " Durations are whole seconds, sizes are bytes.");
        out.append("\nOptions:\n");
        entry(out, CommandLine.CONFIG + " FILE",
                "YAML config file with nested sections (env " + EnvironmentReader.CONFIG_VAR + ").");
        entry(out, CommandLine.PRINT_DEFAULT_CONFIG,
                "Print a commented config file holding every default, then exit.");
        entry(out, "-h, " + CommandLine.HELP, "Print this help, then exit.");
        out.append("\nSettings:\n");
        for (ConfigKey key : ConfigKey.values()) {
            List<String> facts = new ArrayList<>();
            facts.add("Env " + key.envVar());
            facts.add("default " + key.defaultText());
            if (!key.rangeText().isEmpty() && key.choices().isEmpty()) {
                facts.add(key.rangeText());
            }
            entry(out, key.flag() + " " + key.metavar(), key.description());
            paragraph(out, INDENT, String.join("; ", facts) + ".");
        }
        return out.toString();
    }

    private static void entry(StringBuilder out, String head, String description) {
        out.append("  ").append(head).append('\n');
        paragraph(out, INDENT, description);
    }

    private static void paragraph(StringBuilder out, String indent, String text) {
        for (String line : TextWrap.wrap(text, WIDTH - indent.length())) {
            out.append(indent).append(line).append('\n');
        }
    }
}
