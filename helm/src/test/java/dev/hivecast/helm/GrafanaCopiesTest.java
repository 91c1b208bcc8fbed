package dev.hivecast.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * Helm reads only files inside the chart, so helm/hivecast/dashboards/ and rules/ hold copies of
 * grafana/'s dashboards and rule files, which are the ones tested against a real Prometheus.
 * A copy that drifts would ship dashboards or alerts nobody tested: python3 grafana/build.py
 * refreshes them.
 */
class GrafanaCopiesTest {

    private static final String REFRESH = "run python3 grafana/build.py";

    private final Path chart = Chart.source().dir();

    @Test
    void theChartShipsEveryGrafanaDashboardAndNoOther() {
        List<Path> originals = GrafanaOriginals.dashboards();

        assertThat(originals).isNotEmpty();
        assertThat(GrafanaOriginals.names(GrafanaOriginals.list(chart.resolve("dashboards"), "", ".json")))
                .as("dashboards in the chart (%s)", REFRESH)
                .containsExactlyElementsOf(GrafanaOriginals.names(originals));
    }

    @Test
    void theChartShipsEveryGrafanaRuleFileAndNoOther() {
        List<Path> originals = GrafanaOriginals.ruleFiles();

        assertThat(originals).isNotEmpty();
        assertThat(GrafanaOriginals.names(GrafanaOriginals.list(chart.resolve("rules"), "", ".yaml")))
                .as("rule files in the chart (%s)", REFRESH)
                .containsExactlyElementsOf(GrafanaOriginals.names(originals));
    }

    @Test
    void eachShippedCopyIsByteForByteItsOriginal() throws IOException {
        SoftAssertions soft = new SoftAssertions();
        int compared = 0;
        for (Path original : GrafanaOriginals.dashboards()) {
            compare(soft, original, chart.resolve("dashboards").resolve(original.getFileName()));
            compared++;
        }
        for (Path original : GrafanaOriginals.ruleFiles()) {
            compare(soft, original, chart.resolve("rules").resolve(original.getFileName()));
            compared++;
        }
        soft.assertAll();
        assertThat(compared).isGreaterThanOrEqualTo(3);
    }

    private void compare(SoftAssertions soft, Path original, Path copy) throws IOException {
        Path repository = Chart.repository();
        soft.assertThat(copy).as("%s (%s)", repository.relativize(copy), REFRESH).isRegularFile();
        if (Files.isRegularFile(copy)) {
            soft.assertThat(Files.mismatch(original, copy))
                    .as("first differing byte of %s from %s (-1: none; %s)", repository.relativize(copy),
                            repository.relativize(original), REFRESH)
                    .isEqualTo(-1L);
        }
    }
}
