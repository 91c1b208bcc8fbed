package dev.hivecast.tracker.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The repository's {@code grafana/} folder as the tests read it: every query of every dashboard
 * (panels and variables), every alert expression of every rule file, and the metric names a
 * PromQL expression reads.
 */
final class GrafanaFiles {

    /** Relative to the module directory, where Maven runs tests. */
    static final Path DIR = Path.of("..", "grafana");
    static final ObjectMapper JSON = new ObjectMapper();
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** @param where dashboard uid / panel title / refId, or rule file / alert name */
    record Query(String where, String expr) {
    }

    private GrafanaFiles() {
    }

    static List<Path> dashboards() {
        return list(DIR, ".json");
    }

    static List<Path> ruleFiles() {
        return list(DIR.resolve("rules"), ".yaml");
    }

    static List<Path> ruleTests() {
        return list(DIR.resolve("rules").resolve("tests"), ".yaml");
    }

    static JsonNode read(Path file) {
        try {
            return (file.toString().endsWith(".json") ? JSON : YAML).readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every panel of a dashboard, those inside rows included (rows themselves left out). */
    static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode p : dashboard.path("panels")) {
            if ("row".equals(p.path("type").asText())) {
                p.path("panels").forEach(out::add);
            } else {
                out.add(p);
            }
        }
        return out;
    }

    static List<Query> panelQueries(Path file) {
        JsonNode d = read(file);
        List<Query> out = new ArrayList<>();
        for (JsonNode p : panels(d)) {
            for (JsonNode t : p.path("targets")) {
                out.add(new Query(d.path("uid").asText() + " / " + p.path("title").asText() + " / "
                        + t.path("refId").asText(), t.path("expr").asText()));
            }
        }
        return out;
    }

    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.+),\\s*(\\w+)\\)");

    /**
     * The query variables, turned from Grafana's {@code label_values(selector, label)} into the
     * PromQL that asks the same: {@code count by (label) (selector)}.
     */
    static List<Query> variableQueries(Path file) {
        JsonNode d = read(file);
        List<Query> out = new ArrayList<>();
        for (JsonNode v : d.path("templating").path("list")) {
            if (!"query".equals(v.path("type").asText())) {
                continue;
            }
            String q = v.path("query").isObject() ? v.path("query").path("query").asText() : v.path("query").asText();
            Matcher m = LABEL_VALUES.matcher(q);
            if (!m.matches()) {
                throw new IllegalStateException("variable " + v.path("name").asText() + " is not label_values(): " + q);
            }
            out.add(new Query(d.path("uid").asText() + " / $" + v.path("name").asText(),
                    "count by (" + m.group(2) + ") (" + m.group(1) + ")"));
        }
        return out;
    }

    static List<Query> alertQueries(Path file) {
        List<Query> out = new ArrayList<>();
        for (JsonNode group : read(file).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                String name = rule.has("alert") ? rule.path("alert").asText() : rule.path("record").asText();
                out.add(new Query(file.getFileName() + " / " + name, rule.path("expr").asText()));
            }
        }
        return out;
    }

    /** The "Metrics on no panel" table of docs/metrics.md: metric name to the reason. */
    static Map<String, String> metricsOnNoPanel() {
        String page = readString(DocumentedMetrics.PAGE);
        int start = page.indexOf("**Metrics on no panel.**");
        if (start < 0) {
            throw new IllegalStateException("docs/metrics.md has no 'Metrics on no panel' paragraph");
        }
        Map<String, String> out = new TreeMap<>();
        for (String line : page.substring(start).split("\n\n", 3)[1].split("\n")) {
            Matcher m = ROW.matcher(line);
            if (m.matches()) {
                out.put(m.group(1), m.group(2).trim());
            }
        }
        return out;
    }

    private static final Pattern ROW = Pattern.compile("\\| `([a-z_:]+)` \\|(.+)\\|");

    /** The anchors of the sections (## headings) of docs/runbooks.md. */
    static Set<String> runbookSections() {
        Set<String> out = new TreeSet<>();
        for (String line : readString(RUNBOOKS).split("\n")) {
            if (line.startsWith("## ")) {
                out.add(slug(line.substring(3)));
            }
        }
        return out;
    }

    static final Path RUNBOOKS = Path.of("..", "docs", "runbooks.md");

    /** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
    static String slug(String heading) {
        return heading.strip().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9 _-]", "").replace(' ', '-');
    }

    private static String readString(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final Pattern THRESHOLD_LINE = Pattern.compile("\\s*[<>]=?\\s*[0-9.e+* ]+\\s*");

    /**
     * An alert expression without its last line when that line is its threshold ({@code > 0.9},
     * the line the Helm chart replaces): what the alert compares. Null for other expressions.
     */
    static String withoutThreshold(String expr) {
        List<String> lines = new ArrayList<>(List.of(expr.strip().split("\n")));
        if (lines.size() < 2 || !THRESHOLD_LINE.matcher(lines.get(lines.size() - 1)).matches()) {
            return null;
        }
        lines.remove(lines.size() - 1);
        return String.join("\n", lines);
    }

    /** Grafana's variables as Grafana would substitute them. */
    static String substitute(String expr, String namespace, String pod, String rateInterval) {
        return expr.replace("$namespace", namespace).replace("$pod", pod).replace("$__rate_interval", rateInterval);
    }

    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "inf", "nan");
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final Pattern GROUPING =
            Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern NAME = Pattern.compile("(?<![\\w.:])([a-zA-Z_:][a-zA-Z0-9_:]*+)(?!\\s*\\()");

    /**
     * The metric names an expression reads: identifiers left once strings, label matchers,
     * ranges and grouping clauses are removed, that are not a function call or a keyword.
     */
    static Set<String> metricNames(String expr) {
        String s = STRING.matcher(expr).replaceAll("\"\"");
        s = s.replaceAll("\\{[^}]*}", "{}").replaceAll("\\[[^\\]]*]", "[]");
        s = GROUPING.matcher(s).replaceAll(" ");
        s = s.replaceAll("\\b(?:group_left|group_right)\\b", " ");
        Set<String> names = new TreeSet<>();
        Matcher m = NAME.matcher(s);
        while (m.find()) {
            if (!KEYWORDS.contains(m.group(1).toLowerCase(java.util.Locale.ROOT))) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    private static List<Path> list(Path dir, String suffix) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
