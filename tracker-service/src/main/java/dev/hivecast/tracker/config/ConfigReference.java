package dev.hivecast.tracker.config;

import java.util.Objects;

/**
 * The settings reference of docs/configuration.md, rendered from the declarations; a test checks
 * that the document holds exactly this text, so the documentation follows every change to a key.
 */
public final class ConfigReference {

    private ConfigReference() {
    }

    /** One GitHub-flavoured Markdown table per section: key, flag, variable, default, accepted values, meaning. */
    public static String markdown() {
        StringBuilder out = new StringBuilder();
        String section = "";
        for (ConfigKey key : ConfigKey.ALL) {
            if (!Objects.equals(key.section(), section)) {
                section = key.section();
                if (out.length() > 0) {
                    out.append('\n');
                }
                out.append("### ").append(section == null ? "Top level" : "`" + section + "`").append("\n\n");
                out.append("| Key | Flag | Environment variable | Default | Accepted | Meaning |\n");
                out.append("| --- | --- | --- | --- | --- | --- |\n");
            }
            String defaultText = key.defaultText();
            String shownDefault = defaultText.startsWith("(") ? defaultText : code(defaultText);
            out.append("| ").append(code(key.key()))
                    .append(" | ").append(code(key.flag()))
                    .append(" | ").append(code(key.envVar()))
                    .append(" | ").append(shownDefault)
                    .append(" | ").append(accepted(key))
                    .append(" | ").append(key.doc().replace("|", "\\|"))
                    .append(" |\n");
        }
        return out.toString();
    }

    private static String accepted(ConfigKey key) {
        return switch (key.type()) {
            case CHOICE -> String.join(", ", key.choices().stream().map(ConfigReference::code).toList());
            case BOOLEAN -> "`true`, `false`";
            case STRING -> "text";
            case OPTIONAL_INTEGER -> "integer " + key.rangeText() + ", or empty";
            case INTEGER -> "integer " + key.rangeText();
            case DURATION -> "duration " + key.rangeText();
            case SIZE -> "size " + key.rangeText();
            case FRACTION -> "number 0 to 1";
        };
    }

    private static String code(String s) {
        return "`" + s + "`";
    }
}
