package dev.hivecast.tracker.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The "Metrics" table of docs/metrics.md, which is the documentation operators read:
 * one row per metric, {@code | `name` | type | labels | meaning |}. Labels are separated by
 * {@code ;}; {@code `reason` = `a`, `b`} lists the only values, a bare {@code `id`} has free values.
 */
record DocumentedMetrics(List<Metric> metrics) {

    /** The metrics page, relative to the module directory, where Maven runs tests. */
    static final Path PAGE = Path.of("..", "docs", "metrics.md");

    /** @param labels label name to its documented values; empty when the values are free */
    record Metric(String name, String type, Map<String, List<String>> labels) {
    }

    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    static DocumentedMetrics fromReadme() {
        String page;
        try {
            page = Files.readString(PAGE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int start = page.indexOf("\n## Metrics\n");
        if (start < 0) {
            throw new IllegalStateException("docs/metrics.md has no '## Metrics' section");
        }
        int end = page.indexOf("\n## ", start + 1);
        List<Metric> metrics = new ArrayList<>();
        for (String line : page.substring(start, end < 0 ? page.length() : end).split("\n")) {
            if (!line.startsWith("| `")) {
                continue;
            }
            String[] cells = line.split("\\|");
            Matcher name = CODE.matcher(cells[1]);
            if (!name.find()) {
                throw new IllegalStateException("no metric name in docs/metrics.md row: " + line);
            }
            metrics.add(new Metric(name.group(1), cells[2].trim(), labels(cells[3])));
        }
        return new DocumentedMetrics(metrics);
    }

    private static Map<String, List<String>> labels(String cell) {
        Map<String, List<String>> labels = new LinkedHashMap<>();
        for (String part : cell.split(";")) {
            Matcher m = CODE.matcher(part);
            if (!m.find()) {
                continue;
            }
            String key = m.group(1);
            List<String> values = new ArrayList<>();
            while (m.find()) {
                values.add(m.group(1));
            }
            labels.put(key, values);
        }
        return labels;
    }

    Metric get(String name) {
        return metrics.stream().filter(m -> m.name().equals(name)).findFirst().orElse(null);
    }
}
