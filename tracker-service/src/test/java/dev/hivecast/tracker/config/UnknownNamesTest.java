package dev.hivecast.tracker.config;

import static dev.hivecast.tracker.config.Loading.config;
import static dev.hivecast.tracker.config.Loading.error;
import static dev.hivecast.tracker.config.Loading.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A name that is not a key stops the start, says which one, suggests the nearest, lists all. */
class UnknownNamesTest {

    @TempDir
    Path dir;

    private String fileError(String yamlText) {
        return error("--config", yaml(dir, yamlText).toString());
    }

    @Test
    void unknownTopLevelYamlKeyIsNamedWithNearestKeyAndTheValidOnes() {
        assertThat(fileError("prot: 9000\n"))
                .startsWith("Unknown key prot in config file ")
                .contains("Did you mean port?")
                .contains("Valid top-level keys: host, port, event-loops, log-level, log-format, public-url,"
                        + " admin, announce, scrape, connection, limits, access, tls, cluster, drain, locality,"
                        + " pages, insight.");
    }

    @Test
    void misspeltSectionIsRejected() {
        assertThat(fileError("anounce:\n  interval: 60s\n"))
                .contains("Unknown key anounce").contains("Did you mean announce?");
    }

    @Test
    void unknownNestedYamlKeyIsNamedWithItsSection() {
        assertThat(fileError("announce:\n  intervall: 60\n"))
                .contains("Unknown key announce.intervall")
                .contains("Did you mean announce.interval?")
                .contains("Valid keys in section announce: announce.interval, announce.peer-ttl,");
    }

    @Test
    void keyInTheWrongSectionSuggestsTheRightSection() {
        assertThat(fileError("announce:\n  idle-timeout: 400s\n"))
                .contains("Did you mean connection.idle-timeout?");
    }

    @Test
    void dottedKeyAtTopLevelOfTheFileExplainsNesting() {
        assertThat(fileError("announce.interval: 60s\n"))
                .contains("announce.interval").contains("must be nested")
                .contains("'announce:'").contains("interval: ...");
    }

    @Test
    void unknownFlagIsNamedWithNearestFlagAndTheValidOnes() {
        assertThat(error("--anounce.interval", "60s"))
                .startsWith("Unknown flag --anounce.interval.")
                .contains("Did you mean --announce.interval?")
                .contains("Valid flags: --config, --print-default-config, --help, --host, --port,");
    }

    @Test
    void flagSpelledWithOtherPunctuationOrWithoutSectionFindsTheKey() {
        assertThat(error("--announce.peerTtl", "200")).contains("Did you mean --announce.peer-ttl?");
        assertThat(error("--interval", "60s")).contains("Did you mean --announce.interval?");
    }

    @Test
    void aKeyFromBeforeTheUnitsPointsToItsNewName() {
        assertThat(error("--connection.send-queue-bytes", "64KiB"))
                .contains("Did you mean --connection.send-queue-size?");
        assertThat(error(Map.of("TRACKER_CLUSTER_PUBLISH_INTERVAL_MS", "500")))
                .contains("Did you mean TRACKER_CLUSTER_PUBLISH_INTERVAL?");
        assertThat(fileError("cluster:\n  heartbeat: 1s\n"))
                .contains("Did you mean cluster.heartbeat-interval?");
    }

    @Test
    void unrelatedNameGetsNoSuggestionButStillTheList() {
        assertThat(error("--zzzzzzzz", "1")).doesNotContain("Did you mean")
                .contains("Valid flags:");
    }

    @Test
    void unknownTrackerVariableIsNamedWithNearestVariableAndTheValidOnes() {
        assertThat(error(Map.of("TRACKER_ANNOUNCE_INTERVALL", "60")))
                .startsWith("Unknown environment variable TRACKER_ANNOUNCE_INTERVALL.")
                .contains("Did you mean TRACKER_ANNOUNCE_INTERVAL?")
                .contains("Valid variables: TRACKER_CONFIG, TRACKER_HOST, TRACKER_PORT,");
    }

    @Test
    void trackerConfigIsTheOnlyTrackerVariableThatIsNotAKey() {
        Path file = yaml(dir, "port: 9001\n");
        assertThat(config(Map.of("TRACKER_CONFIG", file.toString())).port()).isEqualTo(9001);
    }

    @Test
    void kubernetesServiceLinkVariablesGetAHint() {
        assertThat(error(Map.of("TRACKER_SERVICE_HOST", "10.0.0.1")))
                .contains("Unknown environment variable TRACKER_SERVICE_HOST")
                .contains("enableServiceLinks: false");
        assertThat(error(Map.of("TRACKER_PORT", "tcp://10.0.0.1:8000")))
                .contains("TRACKER_PORT").contains("enableServiceLinks: false");
    }

    @Test
    void positionalArgumentIsRejected() {
        assertThat(error("8000")).startsWith("Unexpected argument '8000'");
        assertThat(error("-port", "8000")).startsWith("Unexpected argument '-port'");
    }
}
