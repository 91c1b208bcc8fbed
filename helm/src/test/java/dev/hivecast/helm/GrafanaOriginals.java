package dev.hivecast.helm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The dashboards and rule files in the repository's grafana/ folder, of which the chart ships copies. */
final class GrafanaOriginals {

    private GrafanaOriginals() {
    }

    static Path dir() {
        return Chart.repository().resolve("grafana");
    }

    /** grafana/hivecast-*.json, by name. */
    static List<Path> dashboards() {
        return list(dir(), "hivecast-", ".json");
    }

    /** grafana/rules/*.yaml, by name. */
    static List<Path> ruleFiles() {
        return list(dir().resolve("rules"), "", ".yaml");
    }

    static List<String> names(List<Path> files) {
        return files.stream().map(f -> f.getFileName().toString()).toList();
    }

    static List<Path> list(Path folder, String prefix, String suffix) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile).filter(f -> {
                String name = f.getFileName().toString();
                return name.startsWith(prefix) && name.endsWith(suffix);
            }).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
