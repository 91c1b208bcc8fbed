package dev.hivecast.tracker.config;

import static dev.hivecast.tracker.config.Loading.config;
import static dev.hivecast.tracker.config.Loading.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Defaults < YAML file < TRACKER_* environment < flags, and the forms each source accepts. */
class ConfigPrecedenceTest {

    @TempDir
    Path dir;

    @Test
    void withNothingSetTheConfigIsTheDefaults() {
        assertThat(config()).isEqualTo(TrackerConfig.defaults());
    }

    @Test
    void environmentBeatsFileAndFlagBeatsEnvironment() {
        Path file = yaml(dir, """
                port: 9001
                announce:
                  interval: 60s
                  max-offers: 5
                drain:
                  window: 3s
                """);
        Map<String, String> env = Map.of(
                "TRACKER_CONFIG", file.toString(),
                "TRACKER_ANNOUNCE_INTERVAL", "70s",
                "TRACKER_ANNOUNCE_MAX_OFFERS", "10");

        TrackerConfig c = config(env, "--announce.interval", "80s");

        assertThat(c.announce().interval()).as("flag").isEqualTo(Duration.ofSeconds(80));
        assertThat(c.announce().maxOffers()).as("env over file").isEqualTo(10);
        assertThat(c.port()).as("file").isEqualTo(9001);
        assertThat(c.drain().window()).as("file").isEqualTo(Duration.ofSeconds(3));
        assertThat(c.announce().peerTtl()).as("default").isEqualTo(AnnounceConfig.defaults().peerTtl());
    }

    @Test
    void eachLayerAloneOverridesTheOneBelow() {
        Path file = yaml(dir, "announce:\n  interval: 1m\n");
        Map<String, String> env = Map.of("TRACKER_ANNOUNCE_INTERVAL", "70s");

        assertThat(config("--config", file.toString()).announce().interval()).hasSeconds(60);
        assertThat(config(env, "--config", file.toString()).announce().interval()).hasSeconds(70);
        assertThat(config(env, "--config", file.toString(), "--announce.interval", "80s")
                .announce().interval()).hasSeconds(80);
    }

    @Test
    void configFlagBeatsTrackerConfigVariable() {
        Path flagged = yaml(dir, "flagged.yaml", "port: 9001\n");
        Path named = yaml(dir, "named.yaml", "port: 9002\n");
        Map<String, String> env = Map.of("TRACKER_CONFIG", named.toString());

        assertThat(config(env).port()).isEqualTo(9002);
        assertThat(config(env, "--config=" + flagged).port()).isEqualTo(9001);
    }

    @Test
    void yamlFileWithEveryNestedSectionSetsItsKeys() {
        Path file = yaml(dir, """
                host: 127.0.0.1
                port: 0
                event-loops: 2
                log-level: DEBUG
                public-url: wss://tracker.example.com
                admin:
                  host: 127.0.0.2
                  port: 9100
                announce:
                  interval: 1m
                  peer-ttl: 90s
                  sweep-interval: 5s
                  max-offers: 10
                  offer-ttl: 30000ms
                  pair-answers: false
                  max-offer-id-length: 40
                scrape:
                  allow-full: true
                  max-hashes: 50
                connection:
                  max-message-size: 32KiB
                  ping-interval: 20s
                  idle-timeout: 4m
                  send-queue-size: 64KiB
                  slow-consumer-timeout: 5s
                  max-invalid-messages: 3
                  max-pending-offers: 64
                cluster:
                  publish-interval: 250ms
                  heartbeat-interval: 2s
                  failure-timeout: 10m
                drain:
                  window: 0s
                  timeout: 15s
                """);

        TrackerConfig c = config("--config", file.toString());

        ClusterConfig cluster = c.cluster();
        assertThat(cluster.heartbeatInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(cluster.failureTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(cluster.publishInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(cluster).usingRecursiveComparison()
                .ignoringFields("heartbeatInterval", "failureTimeout", "publishInterval")
                .isEqualTo(ClusterConfig.defaults());
        assertThat(c).isEqualTo(new TrackerConfig("127.0.0.1", 0, 2, "debug", "text",
                "wss://tracker.example.com", new AdminConfig("127.0.0.2", 9100, AdminConfig.defaults().renderInterval(),
                        AdminConfig.defaults().requestRate(), AdminConfig.defaults().requestBurst(), 32),
                new AnnounceConfig(Duration.ofSeconds(60), Duration.ofSeconds(90),
                        Duration.ofSeconds(5), 10, Duration.ofSeconds(30), false, 40),
                new ScrapeConfig(true, 50),
                new ConnectionConfig(32768, Duration.ofSeconds(20), Duration.ofSeconds(240),
                        65536, Duration.ofSeconds(5), 3, 64, Duration.ofSeconds(5)),
                LimitsConfig.defaults(), AccessConfig.defaults(), TlsConfig.defaults(), cluster,
                new DrainConfig(Duration.ZERO, Duration.ofSeconds(15)), LocalityConfig.defaults(), PagesConfig.defaults(),
                InsightConfig.defaults()));
    }

    @Test
    void emptyFileAndEmptySectionsKeepTheDefaults() {
        assertThat(config("--config", yaml(dir, "").toString())).isEqualTo(TrackerConfig.defaults());
        assertThat(config("--config", yaml(dir, "announce:\ndrain: ~\n").toString()))
                .isEqualTo(TrackerConfig.defaults());
    }

    @Test
    void quotedNumbersInYamlAreAccepted() {
        assertThat(config("--config", yaml(dir, "port: \"9001\"\n").toString()).port())
                .isEqualTo(9001);
    }

    @Test
    void flagValueMayFollowAsNextArgumentOrAfterEquals() {
        assertThat(config("--port", "9001", "--host=127.0.0.1"))
                .extracting(TrackerConfig::port, TrackerConfig::host)
                .containsExactly(9001, "127.0.0.1");
    }

    @Test
    void booleanFlagTakesSeparateOrInlineValueOrStandsAloneForTrue() {
        assertThat(config("--announce.pair-answers", "false").announce().pairAnswers()).isFalse();
        assertThat(config("--announce.pair-answers=false").announce().pairAnswers()).isFalse();
        assertThat(config("--scrape.allow-full", "true").scrape().allowFull()).isTrue();
        assertThat(config("--scrape.allow-full", "--port", "1").scrape().allowFull()).isTrue();
        assertThat(config("--scrape.allow-full").scrape().allowFull()).isTrue();
    }

    @Test
    void repeatedFlagLastOneWins() {
        assertThat(config("--port", "1", "--port", "2").port()).isEqualTo(2);
    }

    @Test
    void environmentVariableNameIsTheKeyUpperCasedWithUnderscores() {
        TrackerConfig c = config(Map.of(
                "TRACKER_ANNOUNCE_MAX_OFFERS", "10",
                "TRACKER_CONNECTION_IDLE_TIMEOUT", "400s",
                "TRACKER_EVENT_LOOPS", "3",
                "TRACKER_ANNOUNCE_PAIR_ANSWERS", "false"));

        assertThat(c.announce().maxOffers()).isEqualTo(10);
        assertThat(c.connection().idleTimeout()).hasSeconds(400);
        assertThat(c.eventLoops()).isEqualTo(3);
        assertThat(c.announce().pairAnswers()).isFalse();
    }

    @Test
    void emptyValueLeavesAdminPortUnsetOverALowerLayer() {
        Map<String, String> env = Map.of("TRACKER_ADMIN_PORT", "9100");
        assertThat(config(env).admin().port()).isEqualTo(9100);
        assertThat(config(env, "--admin.port=").admin().port()).isNull();
        assertThat(config(Map.of("TRACKER_ADMIN_PORT", "")).admin().port()).isNull();
    }

    @Test
    void variablesWithoutTheTrackerPrefixAreIgnored() {
        assertThat(config(Map.of("PATH", "/bin", "PORT", "1", "tracker_port", "2")))
                .isEqualTo(TrackerConfig.defaults());
    }

    @Test
    void durationsAndSizesTakeEveryUnit() {
        assertThat(config("--connection.slow-consumer-timeout", "1500ms").connection().slowConsumerTimeout())
                .isEqualTo(Duration.ofMillis(1500));
        assertThat(config("--announce.peer-ttl", "2h").announce().peerTtl()).isEqualTo(Duration.ofHours(2));
        assertThat(config("--announce.peer-ttl", "1d").announce().peerTtl()).isEqualTo(Duration.ofDays(1));
        assertThat(config("--connection.send-queue-size", "1MiB").connection().sendQueueSize())
                .isEqualTo(1 << 20);
        assertThat(config("--connection.max-message-size", "70000B").connection().maxMessageSize())
                .isEqualTo(70_000);
        assertThat(config("--limits.socket-send-buffer", "0B").limits().socketSendBuffer()).isZero();
    }

    @Test
    void logLevelIsStoredInLowerCase() {
        assertThat(config("--log-level", "WARN").logLevel()).isEqualTo("warn");
    }
}
