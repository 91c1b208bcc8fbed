package dev.hivecast.tracker.config;

/**
 * The settings table of the README, rendered from the key definitions; a test checks that the
 * README holds exactly this text, so the documentation follows every change to a key.
 */
public final class ConfigTable {

    private ConfigTable() {
    }

    /** A GitHub-flavoured Markdown table: key, flag, environment variable, default, meaning. */
    public static String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("| Key | Flag | Environment variable | Default | Meaning |\n");
        out.append("| --- | --- | --- | --- | --- |\n");
        for (ConfigKey key : ConfigKey.values()) {
            String defaultText = key.defaultText();
            String shownDefault = defaultText.startsWith("(") ? defaultText : code(defaultText);
            out.append("| ").append(code(key.key()))
                    .append(" | ").append(code(key.flag()))
                    .append(" | ").append(code(key.envVar()))
                    .append(" | ").append(shownDefault)
                    .append(" | ").append(key.description().replace("|", "\\|"))
                    .append(" |\n");
        }
        return out.toString();
    }

    private static String code(String s) {
        return "`" + s + "`";
    }
}
