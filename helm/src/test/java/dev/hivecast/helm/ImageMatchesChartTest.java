package dev.hivecast.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The image, built either way (tracker-service/Dockerfile or Jib's "image" profile), is what the
 * chart expects: its user, ports, start command and default JVM options. No container engine runs
 * in CI, so the definitions are read from the source tree; tracker-service/image/check-image.sh
 * checks a built image by hand (docs/release.md).
 */
class ImageMatchesChartTest {

    private static final String DIGEST = "@sha256:[0-9a-f]{64}";
    private static final String LABEL = "org.opencontainers.image.";

    private static ImageBuilds.Dockerfile dockerfile;
    private static ImageBuilds.Jib jib;
    private static JsonNode chartMetadata;
    /** The pod of the chart's defaults, and of a Hazelcast cluster (every container port). */
    private static TrackerPod defaultPod;
    private static TrackerPod clusteredPod;

    @BeforeAll
    static void readTheDefinitions() throws Exception {
        Path root = Chart.repository();
        dockerfile = ImageBuilds.dockerfile(root.resolve("tracker-service/Dockerfile"));
        jib = ImageBuilds.jib(root.resolve("tracker-service/pom.xml"));
        Chart chart = Chart.source();
        chartMetadata = Manifests.readYaml(Files.readString(chart.dir().resolve("Chart.yaml")));
        defaultPod = new TrackerPod(chart.render());
        clusteredPod = new TrackerPod(chart.render(Chart.HAZELCAST_3_NODES));
    }

    @Test
    void bothBuildOnOneBasePinnedByTheDigestOfAMultiPlatformIndex() {
        assertThat(dockerfile.image().base()).as("Dockerfile FROM").matches("eclipse-temurin:17-jre" + DIGEST);
        assertThat(jib.image().base()).as("Jib from.image").isEqualTo(dockerfile.image().base());
        assertThat(jib.platforms()).as("Jib from.platforms").contains("linux/amd64", "linux/arm64");
    }

    @Test
    void bothRunAsTheUserTheChartRunsThePodAs() {
        PodSecurityContext pod = defaultPod.spec().getSecurityContext();
        String chartUser = pod.getRunAsUser() + ":" + pod.getRunAsGroup();

        assertThat(dockerfile.image().user()).as("Dockerfile USER").isEqualTo(chartUser);
        assertThat(jib.image().user()).as("Jib container.user").isEqualTo(chartUser);
    }

    @Test
    void bothExposeExactlyTheContainerPortsOfAClusteredPod() {
        Container container = clusteredPod.container();
        List<Integer> chartPorts = container.getPorts().stream().map(ContainerPort::getContainerPort).toList();

        assertThat(dockerfile.image().ports()).as("Dockerfile EXPOSE").containsExactlyInAnyOrderElementsOf(chartPorts);
        assertThat(jib.image().ports()).as("Jib container.ports").containsExactlyInAnyOrderElementsOf(chartPorts);
    }

    @Test
    void bothStartTheTrackerTheSameWayAndTheChartKeepsTheirEntrypoint() {
        Container container = clusteredPod.container();
        assertThat(container.getCommand()).as("the chart's command").isNullOrEmpty();
        assertThat(container.getArgs()).as("the chart's args").isNullOrEmpty();

        assertThat(dockerfile.entrypoint()).containsExactly("java", "-jar", dockerfile.jarDestination());
        // Jib starts the main class from a class path, so the manifest's grants become flags.
        assertThat(jib.mainClass()).isEqualTo(jib.jarMainClass());
        List<String> grants = new ArrayList<>();
        jib.jarAddExports().forEach(p -> grants.add("--add-exports=" + p + "=ALL-UNNAMED"));
        jib.jarAddOpens().forEach(p -> grants.add("--add-opens=" + p + "=ALL-UNNAMED"));
        assertThat(jib.jvmFlags()).as("Jib jvmFlags against the jar's Add-Exports and Add-Opens")
                .containsExactlyInAnyOrderElementsOf(grants);
    }

    @Test
    void bothDefaultToTheJvmOptionsTheChartSetsWithItsDefaultValues() {
        String chartOptions = defaultPod.envValue("JDK_JAVA_OPTIONS");

        assertThat(dockerfile.image().environment()).as("Dockerfile ENV")
                .containsEntry("JDK_JAVA_OPTIONS", chartOptions);
        assertThat(jib.image().environment()).as("Jib container.environment")
                .containsEntry("JDK_JAVA_OPTIONS", chartOptions);
    }

    @Test
    void bothCarryTheSameOciLabelsWithTheChartsLicenceAndSource() {
        assertThat(jib.image().labels().keySet()).as("Jib labels against the Dockerfile's")
                .containsExactlyInAnyOrderElementsOf(dockerfile.image().labels().keySet());
        assertThat(dockerfile.image().labels().keySet()).contains(LABEL + "title", LABEL + "version",
                LABEL + "revision", LABEL + "source", LABEL + "licenses", LABEL + "base.name");
        for (ImageBuilds.Image image : List.of(dockerfile.image(), jib.image())) {
            assertThat(image.labels()).containsEntry(LABEL + "licenses",
                    chartMetadata.path("annotations").path("licenses").asText());
        }
        assertThat(jib.image().labels()).containsEntry(LABEL + "base.name", jib.image().base())
                .containsEntry(LABEL + "source", chartMetadata.path("sources").path(0).asText())
                .containsEntry(LABEL + "version", jib.projectVersion());
        assertThat(dockerfile.image().labels()).containsEntry(LABEL + "base.name", "${BASE}")
                .containsEntry(LABEL + "version", "${VERSION}").containsEntry(LABEL + "revision", "${REVISION}");
        assertThat(dockerfile.arguments()).containsEntry("SOURCE", chartMetadata.path("sources").path(0).asText());
    }
}
