package dev.hivecast.tracker.config;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One setting as derived from its {@link Setting} declaration: a component of {@link
 * TrackerConfig} (top-level key) or of one of its section records. {@link #ALL} lists them in
 * declaration order; nothing else lists keys.
 *
 * @param key       the dotted key, as in the YAML file: {@code announce.peer-ttl}
 * @param section   the YAML section ({@code announce}), or null for a top-level key
 * @param component the record component that holds the value
 */
record ConfigKey(String key, String section, RecordComponent component, ValueType type,
        Setting declaration) {

    static final String ENV_PREFIX = "TRACKER_";

    /** Every key, in the order of the record components. */
    static final List<ConfigKey> ALL = collect();

    /** {@code --announce.peer-ttl}. */
    String flag() {
        return "--" + key;
    }

    /** {@code TRACKER_ANNOUNCE_PEER_TTL}: the key upper-cased, {@code .} and {@code -} as {@code _}. */
    String envVar() {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The name inside the section: {@code peer-ttl}. */
    String leaf() {
        return key.substring(key.indexOf('.') + 1);
    }

    String doc() {
        return declaration.doc();
    }

    Object defaultValue() {
        return parseDeclared(declaration.value());
    }

    Object min() {
        return declaration.min().isEmpty() ? null : parseDeclared(declaration.min());
    }

    Object max() {
        return declaration.max().isEmpty() ? null : parseDeclared(declaration.max());
    }

    List<String> choices() {
        return List.of(declaration.choices());
    }

    /** The default for docs: as written in a file, or {@code (empty)} / {@code (unset)}. */
    String defaultText() {
        String plain = type.plain(defaultValue());
        if (!plain.isEmpty()) {
            return plain;
        }
        return type == ValueType.OPTIONAL_INTEGER ? "(unset)" : "(empty)";
    }

    /** {@code 1s to 1h}, {@code trace, debug, ...}, or empty when anything of the type goes. */
    String rangeText() {
        if (!choices().isEmpty()) {
            return String.join(", ", choices());
        }
        return min() == null ? "" : type.plain(min()) + " to " + type.plain(max());
    }

    /** What a source must hold, for messages: {@code expected ...}. */
    String expected() {
        return choices().isEmpty() ? type.expected() : "one of " + rangeText();
    }

    /** Placeholder for the value in {@code --help}. */
    String metavar() {
        return choices().isEmpty() ? type.metavar() : String.join("|", choices());
    }

    Object valueIn(TrackerConfig config) {
        Object holder = section == null ? config : ConfigBinder.read(sectionComponent(), config);
        return ConfigBinder.read(component, holder);
    }

    static ConfigKey of(String key) {
        return byKey(key).orElseThrow(() -> new IllegalArgumentException("no key " + key));
    }

    static Optional<ConfigKey> byKey(String key) {
        return ALL.stream().filter(k -> k.key.equals(key)).findFirst();
    }

    static Optional<ConfigKey> byEnvVar(String name) {
        return ALL.stream().filter(k -> k.envVar().equals(name)).findFirst();
    }

    /** Section names in key order: {@code admin, announce, scrape, ...}. */
    static List<String> sections() {
        return ALL.stream().map(ConfigKey::section).filter(s -> s != null).distinct().toList();
    }

    private RecordComponent sectionComponent() {
        return Arrays.stream(TrackerConfig.class.getRecordComponents())
                .filter(c -> kebab(c.getName()).equals(section)).findFirst().orElseThrow();
    }

    private Object parseDeclared(String text) {
        try {
            return type.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("bad declaration of " + key + ": '" + text + "'", e);
        }
    }

    private static List<ConfigKey> collect() {
        List<ConfigKey> keys = new ArrayList<>();
        for (RecordComponent c : TrackerConfig.class.getRecordComponents()) {
            if (c.getType().isRecord()) {
                String section = kebab(c.getName());
                for (RecordComponent leaf : c.getType().getRecordComponents()) {
                    keys.add(key(section + "." + kebab(leaf.getName()), section, leaf));
                }
            } else {
                keys.add(key(kebab(c.getName()), null, c));
            }
        }
        return List.copyOf(keys);
    }

    private static ConfigKey key(String key, String section, RecordComponent c) {
        Setting declaration = c.getAnnotation(Setting.class);
        if (declaration == null) {
            throw new IllegalStateException(key + " has no @Setting declaration");
        }
        return new ConfigKey(key, section, c, ValueType.of(c.getType(), declaration), declaration);
    }

    /** {@code peerTtl} as {@code peer-ttl}. */
    static String kebab(String camel) {
        return camel.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
    }
}
