package dev.hivecast.tracker.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns the command line and the environment into a validated {@link TrackerConfig}. Later sources
 * win: defaults, the YAML file ({@code --config FILE}, else {@code TRACKER_CONFIG}), {@code
 * TRACKER_*} environment variables, flags.
 */
public final class ConfigLoader {

    private ConfigLoader() {
    }

    /**
     * @param args the arguments of {@code main}
     * @param env  the environment, normally {@link System#getenv()}
     * @return the config to start with, or a text to print before exiting with status 0
     * @throws ConfigException when anything is unknown, malformed or out of range; print its
     *                         message and exit with status 2
     */
    public static LoadResult load(String[] args, Map<String, String> env) {
        Flags flags = Flags.parse(args);
        if (flags.help()) {
            return new LoadResult.PrintAndExit(Flags.usage());
        }
        if (flags.printDefaultConfig()) {
            return new LoadResult.PrintAndExit(YamlConfigWriter.write(TrackerConfig.defaults()));
        }
        ConfigValues values = new ConfigValues();
        String configPath = flags.configPath() != null
                ? flags.configPath() : EnvironmentReader.configPath(env);
        if (configPath != null) {
            YamlConfigReader.read(Path.of(configPath)).forEach(values::set);
        }
        EnvironmentReader.read(env).forEach(values::set);
        flags.values().forEach(values::set);

        TrackerConfig config = values.toConfig();
        List<String> problems = new ArrayList<>();
        for (ConfigValidator.Violation v : ConfigValidator.check(config)) {
            problems.add(v.message() + originsOf(v, values));
        }
        if (!problems.isEmpty()) {
            throw ConfigException.of(problems);
        }
        return new LoadResult.Start(config);
    }

    /** {@code (from TRACKER_PORT)}, or for several keys {@code (a from --a, b from default)}. */
    private static String originsOf(ConfigValidator.Violation violation, ConfigValues values) {
        if (violation.keys().size() == 1) {
            return " (from " + values.origin(violation.keys().get(0)) + ")";
        }
        List<String> parts = new ArrayList<>();
        for (ConfigKey key : violation.keys()) {
            parts.add(key.key() + " from " + values.origin(key));
        }
        return " (" + String.join(", ", parts) + ")";
    }
}
