package dev.hivecast.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Chart.yaml: what a chart repository and Helm itself read before installing anything. */
class ChartMetadataTest {

    private final Chart chart = Chart.source();

    @Test
    void licenceIsApache2() throws IOException {
        JsonNode annotations = metadata().path("annotations");

        assertThat(annotations.path("licenses").asText()).isEqualTo("Apache-2.0");
        assertThat(annotations.path("artifacthub.io/license").asText()).isEqualTo("Apache-2.0");
    }

    @Test
    void saysWhereItComesFromAndWhoLooksAfterIt() throws IOException {
        JsonNode metadata = metadata();

        assertThat(metadata.path("home").asText()).startsWith("https://");
        assertThat(metadata.path("sources")).isNotEmpty();
        assertThat(metadata.path("maintainers")).isNotEmpty()
                .allSatisfy(m -> assertThat(m.path("name").asText()).isNotBlank());
        assertThat(metadata.path("keywords")).extracting(JsonNode::asText).contains("webtorrent", "tracker");
    }

    @Test
    void refusesAClusterOlderThanThePreStopSleepAction() {
        assertThatThrownBy(() -> template("1.29.9")).hasMessageContaining("kubeVersion");
    }

    @Test
    void installsOnManagedClustersVersionSuffixes() {
        assertThat(template("1.30.2-gke.1587003")).contains("kind: Deployment");
        assertThat(template("1.31.0")).contains("kind: Deployment");
    }

    private String template(String kubeVersion) {
        return new Helm(chart.dir()).template().withName(Chart.RELEASE).withNamespace(Chart.NAMESPACE)
                .withKubeVersion(kubeVersion).call();
    }

    private JsonNode metadata() throws IOException {
        return new YAMLMapper().readTree(chart.dir().resolve("Chart.yaml").toFile());
    }
}
