package dev.hivecast.tracker.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Locale;

/**
 * How a key's value is written in each source and held in the records. Flags and environment
 * variables are text; YAML also has numbers, booleans and null. Parsing throws {@link
 * IllegalArgumentException}; the caller adds where the value came from.
 */
enum ValueType {
    STRING("a string", "TEXT", ""),
    /** Lower-cased on input; the key lists the accepted words. */
    CHOICE("one of the listed words", "WORD", ""),
    INTEGER("an integer", "N", ""),
    BYTES("an integer number of bytes", "BYTES", " bytes"),
    /** Whole seconds on input, {@link Duration} in the records. */
    SECONDS("a whole number of seconds", "SECONDS", " s"),
    /** Empty text or YAML null means unset (null in the records). */
    OPTIONAL_INTEGER("an integer, or empty for unset", "N", ""),
    BOOLEAN("true or false", "true|false", "");

    private final String expected;
    private final String metavar;
    private final String unitSuffix;

    ValueType(String expected, String metavar, String unitSuffix) {
        this.expected = expected;
        this.metavar = metavar;
        this.unitSuffix = unitSuffix;
    }

    /** For error messages: "expected {@code expected()}". */
    String expected() {
        return expected;
    }

    /** Placeholder for the value in {@code --help}. */
    String metavar() {
        return metavar;
    }

    Object parse(String text) {
        String t = text.trim();
        return switch (this) {
            case STRING -> t;
            case CHOICE -> t.toLowerCase(Locale.ROOT);
            case INTEGER, BYTES -> Integer.parseInt(t);
            case SECONDS -> Duration.ofSeconds(Integer.parseInt(t));
            case OPTIONAL_INTEGER -> t.isEmpty() ? null : Integer.valueOf(t);
            case BOOLEAN -> parseBoolean(t);
        };
    }

    Object fromYaml(JsonNode node) {
        if (node.isContainerNode()) {
            throw new IllegalArgumentException("not a single value");
        }
        if (node.isNull()) {
            return switch (this) {
                case STRING, CHOICE -> "";
                case OPTIONAL_INTEGER -> null;
                default -> throw new IllegalArgumentException("no value");
            };
        }
        return switch (this) {
            case STRING, CHOICE -> parse(node.asText());
            case BOOLEAN -> node.isBoolean() ? node.booleanValue() : parse(textOnly(node));
            default -> node.isIntegralNumber() && node.canConvertToInt()
                    ? parse(Integer.toString(node.intValue()))
                    : parse(textOnly(node));
        };
    }

    /** The value as YAML: strings double-quoted, unset as {@code null}, durations in seconds. */
    String toYaml(Object value) {
        if (value == null) {
            return "null";
        }
        if (this == STRING || this == CHOICE) {
            return TextWrap.yamlQuote((String) value);
        }
        return plain(value);
    }

    /** The value as typed on a command line; empty for an empty string or unset. */
    String plain(Object value) {
        if (value == null) {
            return "";
        }
        return value instanceof Duration d ? Long.toString(d.toSeconds()) : value.toString();
    }

    /** The value with its unit, for messages: {@code 120 s}, {@code 65536 bytes}. */
    String withUnit(Object value) {
        if (value == null) {
            return "unset";
        }
        if (value instanceof String s) {
            return "'" + s + "'";
        }
        return plain(value) + unitSuffix;
    }

    /** The unit suffix for ranges in messages and help: {@code " s"}, {@code " bytes"} or empty. */
    String unitSuffix() {
        return unitSuffix;
    }

    /** The number a range applies to; durations count in seconds. */
    static long number(Object value) {
        return value instanceof Duration d ? d.toSeconds() : ((Number) value).longValue();
    }

    private static boolean parseBoolean(String t) {
        if (t.equalsIgnoreCase("true")) {
            return true;
        }
        if (t.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException("not a boolean");
    }

    /** YAML numbers given where text is expected (and the reverse) are fine; floats are not. */
    private static String textOnly(JsonNode node) {
        if (!node.isTextual()) {
            throw new IllegalArgumentException("wrong YAML type");
        }
        return node.textValue();
    }
}
