package dev.hivecast.helm;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough of PromQL's series selectors to tell whether an alert's {@code metric{...}} selects
 * a series with given labels: {@code =}, {@code !=}, {@code =~}, {@code !~}, regular expressions
 * anchored at both ends and a missing label read as empty, as Prometheus does.
 */
final class PromSelector {

    private static final Pattern MATCHER = Pattern.compile(
            "\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*(,|$)");

    private PromSelector() {
    }

    /** The {@code {...}} after {@code metric} in {@code expr}; fails when the metric has none. */
    static String of(String expr, String metric) {
        Matcher m = Pattern.compile("(?<![a-zA-Z0-9_:])" + Pattern.quote(metric) + "\\s*(\\{[^}]*})").matcher(expr);
        if (!m.find()) {
            throw new AssertionError("No " + metric + "{...} selector in " + expr);
        }
        return m.group(1);
    }

    static boolean matches(String selector, Map<String, String> labels) {
        String body = selector.strip();
        if (!body.startsWith("{") || !body.endsWith("}")) {
            throw new IllegalArgumentException("Not a selector: " + selector);
        }
        body = body.substring(1, body.length() - 1);
        Matcher m = MATCHER.matcher(body);
        int at = 0;
        while (at < body.length() && m.find(at) && m.start() == at) {
            String actual = labels.getOrDefault(m.group(1), "");
            String wanted = m.group(3).replace("\\\"", "\"").replace("\\\\", "\\");
            boolean ok = switch (m.group(2)) {
                case "=" -> actual.equals(wanted);
                case "!=" -> !actual.equals(wanted);
                case "=~" -> actual.matches(wanted);
                default -> !actual.matches(wanted);
            };
            if (!ok) {
                return false;
            }
            at = m.end();
        }
        if (at < body.strip().length()) {
            throw new IllegalArgumentException("Cannot read the matchers of " + selector);
        }
        return true;
    }
}
