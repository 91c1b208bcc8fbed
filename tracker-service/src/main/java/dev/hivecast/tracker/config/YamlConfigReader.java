package dev.hivecast.tracker.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the YAML config file: top-level keys, and one level of sections ({@code announce:},
 * {@code connection:}, ...) holding the rest. Anything not a key is an error naming it.
 */
final class YamlConfigReader {

    // Two "port:" lines would otherwise silently keep the last one.
    private static final YAMLMapper MAPPER = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .build();

    private static final Pattern DUPLICATE = Pattern.compile("^Duplicate field '([^']*)'");

    private YamlConfigReader() {
    }

    static List<SourcedValue> read(Path path) {
        JsonNode root;
        try {
            root = MAPPER.readTree(Files.readString(path));
        } catch (NoSuchFileException e) {
            throw new ConfigException("Config file " + path + " does not exist.");
        } catch (JsonProcessingException e) {
            throw new ConfigException("Config file " + path + " is not valid YAML"
                    + at(e.getLocation()) + ": " + describe(e));
        } catch (IOException e) {
            throw new ConfigException("Cannot read config file " + path + ": " + e);
        }
        return parse(root, path.toString());
    }

    /** {@code origin} names the file in messages. */
    static List<SourcedValue> parse(JsonNode root, String origin) {
        List<SourcedValue> settings = new ArrayList<>();
        if (root == null || root.isMissingNode() || root.isNull()) {
            return settings;
        }
        if (!root.isObject()) {
            throw new ConfigException("Config file " + origin
                    + " must be a mapping of keys to values, got " + root);
        }
        for (Map.Entry<String, JsonNode> entry : root.properties()) {
            String name = entry.getKey();
            Optional<ConfigKey> key = ConfigKey.byKey(name).filter(k -> k.section() == null);
            if (key.isPresent()) {
                settings.add(setting(key.get(), entry.getValue(), origin));
            } else if (ConfigKey.sections().contains(name)) {
                readSection(name, entry.getValue(), origin, settings);
            } else {
                throw unknownTopLevel(name, origin);
            }
        }
        return settings;
    }

    private static void readSection(String section, JsonNode node, String origin,
            List<SourcedValue> settings) {
        if (node.isNull()) {
            return;
        }
        if (!node.isObject()) {
            throw new ConfigException("In config file " + origin + ", " + section
                    + " must be a section holding " + String.join(", ", keysOf(section))
                    + "; got " + node);
        }
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            String name = section + "." + entry.getKey();
            ConfigKey key = ConfigKey.byKey(name).orElseThrow(() -> new ConfigException(
                    Suggestions.unknown("Unknown key " + name + " in config file " + origin, name,
                            allCandidates(), "Valid keys in section " + section,
                            keysOf(section))));
            settings.add(setting(key, entry.getValue(), origin));
        }
    }

    private static SourcedValue setting(ConfigKey key, JsonNode value, String origin) {
        try {
            return new SourcedValue(key, key.type().fromYaml(value), origin);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("Invalid value for " + key.key() + " in config file " + origin
                    + ": expected " + key.expected() + ", got " + value + ".");
        }
    }

    private static ConfigException unknownTopLevel(String name, String origin) {
        if (ConfigKey.byKey(name).isPresent()) {
            ConfigKey key = ConfigKey.byKey(name).get();
            return new ConfigException("Key " + name + " in config file " + origin
                    + " must be nested: write '" + key.section() + ":' and under it '  "
                    + key.leaf() + ": ...'.");
        }
        List<String> valid = new ArrayList<>();
        for (ConfigKey key : ConfigKey.ALL) {
            if (key.section() == null) {
                valid.add(key.key());
            }
        }
        valid.addAll(ConfigKey.sections());
        List<Suggestions.Candidate> candidates = new ArrayList<>(allCandidates());
        ConfigKey.sections().forEach(s -> candidates.add(new Suggestions.Candidate(s, s)));
        return new ConfigException(Suggestions.unknown("Unknown key " + name + " in config file "
                + origin, name, candidates, "Valid top-level keys", valid));
    }

    private static List<Suggestions.Candidate> allCandidates() {
        List<Suggestions.Candidate> candidates = new ArrayList<>();
        for (ConfigKey key : ConfigKey.ALL) {
            candidates.add(Suggestions.Candidate.of(key, key.key()));
        }
        return candidates;
    }

    private static List<String> keysOf(String section) {
        List<String> keys = new ArrayList<>();
        for (ConfigKey key : ConfigKey.ALL) {
            if (section.equals(key.section())) {
                keys.add(key.key());
            }
        }
        return keys;
    }

    private static String describe(JsonProcessingException e) {
        Matcher duplicate = DUPLICATE.matcher(e.getOriginalMessage());
        return duplicate.find()
                ? "the key " + duplicate.group(1) + " appears twice in one section"
                : e.getOriginalMessage().strip();
    }

    private static String at(JsonLocation location) {
        return location == null || location.getLineNr() < 0
                ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
}
