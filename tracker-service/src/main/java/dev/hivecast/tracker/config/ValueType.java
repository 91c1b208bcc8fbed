package dev.hivecast.tracker.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Locale;

/**
 * How a setting's value is written in each source and held in the records; chosen from the
 * record component's Java type ({@code int} with {@link Setting#size()} is a size). Flags and
 * environment variables are text; YAML also has numbers, booleans and null. Parsing throws
 * {@link IllegalArgumentException}; the caller adds where the value came from.
 */
enum ValueType {
    STRING("a string", "TEXT"),
    /** Lower-cased on input; the declaration lists the accepted words. */
    CHOICE("one of the listed words", "WORD"),
    INTEGER("an integer", "N"),
    SIZE(Units.SIZE_SYNTAX, "SIZE"),
    DURATION(Units.DURATION_SYNTAX, "DURATION"),
    /** Empty text or YAML null means unset (null in the records). */
    OPTIONAL_INTEGER("an integer, or empty for unset", "N"),
    BOOLEAN("true or false", "true|false"),
    /** A share such as {@code 0.2}: parsing itself refuses values outside 0..1. */
    FRACTION("a number from 0 to 1", "FRACTION");

    private final String expected;
    private final String metavar;

    ValueType(String expected, String metavar) {
        this.expected = expected;
        this.metavar = metavar;
    }

    static ValueType of(Class<?> javaType, Setting declaration) {
        if (declaration.choices().length > 0) {
            return CHOICE;
        }
        if (javaType == String.class) {
            return STRING;
        }
        if (javaType == int.class) {
            return declaration.size() ? SIZE : INTEGER;
        }
        if (javaType == Integer.class) {
            return OPTIONAL_INTEGER;
        }
        if (javaType == Duration.class) {
            return DURATION;
        }
        if (javaType == boolean.class) {
            return BOOLEAN;
        }
        if (javaType == double.class) {
            return FRACTION;
        }
        throw new IllegalStateException("no setting type for " + javaType);
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
            case INTEGER -> Integer.parseInt(t);
            case SIZE -> Units.parseSize(t);
            case DURATION -> Units.parseDuration(t);
            case OPTIONAL_INTEGER -> t.isEmpty() ? null : Integer.valueOf(t);
            case BOOLEAN -> parseBoolean(t);
            case FRACTION -> parseFraction(t);
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
            case INTEGER, OPTIONAL_INTEGER -> node.isIntegralNumber() && node.canConvertToInt()
                    ? node.intValue() : parse(textOnly(node));
            // A YAML number has no unit, so it is refused like a bare number on the command line.
            case SIZE, DURATION -> parse(textOnly(node));
            case FRACTION -> node.isNumber() ? parse(node.asText()) : parse(textOnly(node));
        };
    }

    /** The value as typed in any source; empty for an empty string or unset. */
    String plain(Object value) {
        if (value == null) {
            return "";
        }
        return switch (this) {
            case DURATION -> Units.formatDuration((Duration) value);
            case SIZE -> Units.formatSize(((Number) value).longValue());
            default -> value.toString();
        };
    }

    /** The value for messages: {@code 2m}, {@code 64KiB}, {@code 'text'} or {@code unset}. */
    String shown(Object value) {
        if (value == null) {
            return "unset";
        }
        return value instanceof String s ? "'" + s + "'" : plain(value);
    }

    /** The number a range applies to: milliseconds for durations, bytes for sizes. */
    static long number(Object value) {
        return value instanceof Duration d ? d.toMillis() : ((Number) value).longValue();
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

    private static double parseFraction(String t) {
        double d = Double.parseDouble(t);
        if (!(d >= 0 && d <= 1)) {
            throw new IllegalArgumentException("not between 0 and 1");
        }
        return d;
    }

    /** YAML numbers given where text is expected (and the reverse) are fine; floats are not. */
    private static String textOnly(JsonNode node) {
        if (!node.isTextual()) {
            throw new IllegalArgumentException("wrong YAML type");
        }
        return node.textValue();
    }
}
