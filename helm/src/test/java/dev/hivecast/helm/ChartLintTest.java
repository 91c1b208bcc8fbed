package dev.hivecast.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChartLintTest {

    @Test
    void chartPassesStrictLint() {
        assertClean(Chart.source().lintStrict());
    }

    @ParameterizedTest
    @ValueSource(strings = {Chart.SINGLE_NODE, Chart.HAZELCAST_3_NODES, Chart.REDIS, Chart.REDIS_TLS,
            Chart.INGRESS_HPA_MONITORING, Chart.ACCESS_TLS,
            Chart.GATEWAY_EXTENSIONS})
    void chartPassesStrictLintWithEachValuesFile(String scenario, @TempDir Path work) throws IOException {
        assertClean(Chart.source().lintStrict(scenario, work.resolve("hivecast")));
    }

    private static void assertClean(LintResult result) {
        assertThat(result.isFailed()).as("helm lint --strict: %s", result.getMessages()).isFalse();
        assertThat(result.getMessages()).noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
    }
}
