package dev.hivecast.tracker.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads {@code TRACKER_*} environment variables: each key upper-cased with {@code .} and {@code -}
 * as {@code _}, plus {@code TRACKER_CONFIG} for the file. Any other {@code TRACKER_*} variable is
 * an error, because a misspelt one would otherwise leave a default in force unnoticed.
 */
final class EnvironmentReader {

    static final String CONFIG_VAR = ConfigKey.ENV_PREFIX + "CONFIG";

    private EnvironmentReader() {
    }

    /** Values in name order, so that the first error reported does not depend on the map. */
    static List<SourcedValue> read(Map<String, String> env) {
        List<SourcedValue> values = new ArrayList<>();
        for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
            String name = e.getKey();
            if (!name.startsWith(ConfigKey.ENV_PREFIX) || name.equals(CONFIG_VAR)) {
                continue;
            }
            ConfigKey key = ConfigKey.byEnvVar(name).orElseThrow(() -> unknown(name));
            values.add(new SourcedValue(key, parse(key, name, e.getValue()), name));
        }
        return values;
    }

    /** {@code TRACKER_CONFIG}, or null when unset or empty. */
    static String configPath(Map<String, String> env) {
        String path = env.get(CONFIG_VAR);
        return path == null || path.isBlank() ? null : path;
    }

    private static Object parse(ConfigKey key, String name, String raw) {
        try {
            return key.type().parse(raw);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("Invalid value for environment variable " + name + ": expected "
                    + key.expected() + ", got '" + raw + "'." + serviceLinkHint(raw));
        }
    }

    private static ConfigException unknown(String name) {
        List<Suggestions.Candidate> candidates = new ArrayList<>();
        List<String> valid = new ArrayList<>(List.of(CONFIG_VAR));
        for (ConfigKey key : ConfigKey.ALL) {
            candidates.add(Suggestions.Candidate.of(key, key.envVar()));
            valid.add(key.envVar());
        }
        String typed = name.substring(ConfigKey.ENV_PREFIX.length());
        String message = Suggestions.unknown("Unknown environment variable " + name, typed,
                candidates, "Valid variables", valid);
        boolean looksLikeServiceLink = name.matches("TRACKER_(SERVICE_.*|PORT_\\d+_.*)");
        return new ConfigException(message + (looksLikeServiceLink ? serviceLinkHint("tcp://") : ""));
    }

    // Kubernetes injects TRACKER_PORT=tcp://10.0.0.1:8000, TRACKER_SERVICE_HOST, ... into every pod
    // of a namespace that has a Service named "tracker".
    private static String serviceLinkHint(String raw) {
        return raw.startsWith("tcp://") || raw.startsWith("udp://")
                ? " This looks like a Kubernetes service link for a Service named 'tracker': set"
                        + " enableServiceLinks: false in the pod spec, or rename the Service."
                : "";
    }
}
