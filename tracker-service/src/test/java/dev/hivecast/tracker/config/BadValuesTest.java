package dev.hivecast.tracker.config;

import static dev.hivecast.tracker.config.Loading.error;
import static dev.hivecast.tracker.config.Loading.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Wrong types, ranges and combinations are refused with a message that says what to fix. */
class BadValuesTest {

    @TempDir
    Path dir;

    private String fileError(String yamlText) {
        return error("--config", yaml(dir, yamlText).toString());
    }

    @Test
    void wrongTypeInTheFileNamesKeyFileAndExpectedType() {
        assertThat(fileError("port: abc\n"))
                .startsWith("Invalid value for port in config file ")
                .endsWith(": expected an integer, got \"abc\".");
        assertThat(fileError("announce:\n  interval: 1.5\n"))
                .contains("announce.interval").contains("expected a duration with a unit, such as 500ms, 30s");
        assertThat(fileError("announce:\n  pair-answers: maybe\n"))
                .contains("announce.pair-answers").contains("expected true or false");
        assertThat(fileError("host: [a, b]\n")).contains("Invalid value for host");
        assertThat(fileError("port:\n")).contains("Invalid value for port");
    }

    @Test
    void scalarWhereASectionBelongsIsRefused() {
        assertThat(fileError("announce: 60\n"))
                .contains("announce must be a section holding announce.interval,");
    }

    @Test
    void wrongTypeInTheEnvironmentNamesTheVariable() {
        assertThat(error(Map.of("TRACKER_ANNOUNCE_MAX_OFFERS", "ten")))
                .isEqualTo("Invalid value for environment variable TRACKER_ANNOUNCE_MAX_OFFERS:"
                        + " expected an integer, got 'ten'.");
    }

    @Test
    void wrongTypeInAFlagNamesTheFlag() {
        assertThat(error("--port", "eighty"))
                .isEqualTo("Invalid value for flag --port: expected an integer, got 'eighty'.");
        assertThat(error("--announce.pair-answers=yes"))
                .isEqualTo("Invalid value for flag --announce.pair-answers: expected true or false,"
                        + " got 'yes'.");
    }

    @Test
    void flagWithoutItsValueIsRefused() {
        assertThat(error("--port")).isEqualTo("Flag --port needs a value: --port N or --port=N.");
        assertThat(error("--port", "--host", "x")).startsWith("Flag --port needs a value");
        assertThat(error("--config")).startsWith("Flag --config needs a value");
    }

    @Test
    void outOfRangeValueNamesRangeAndSource() {
        assertThat(error("--port", "70000"))
                .isEqualTo("port must be from 0 to 65535, got 70000 (from --port)");
        assertThat(error(Map.of("TRACKER_ANNOUNCE_INTERVAL", "0s")))
                .isEqualTo("announce.interval must be from 1s to 1h, got 0s"
                        + " (from TRACKER_ANNOUNCE_INTERVAL)");
        assertThat(error("--announce.max-offer-id-length", "10"))
                .startsWith("announce.max-offer-id-length must be from 20 to 1024, got 10");
        assertThat(error("--connection.max-message-size", "0B"))
                .startsWith("connection.max-message-size must be from 1KiB to 16MiB, got 0B");
        assertThat(error("--announce.max-offers", "-1"))
                .startsWith("announce.max-offers must be from 1 to 1000");
    }

    @Test
    void outOfRangeValueFromTheFileNamesTheFile() {
        Path file = yaml(dir, "port: 70000\n");
        assertThat(error("--config", file.toString())).endsWith("(from " + file + ")");
    }

    @Test
    void logLevelMustBeAKnownLevel() {
        assertThat(error("--log-level", "verbose"))
                .isEqualTo("log-level must be one of trace, debug, info, warn, error, got"
                        + " 'verbose' (from --log-level)");
    }

    @Test
    void logFormatMustBeTextOrJson() {
        assertThat(error(Map.of("TRACKER_LOG_FORMAT", "logfmt")))
                .isEqualTo("log-format must be one of text, json, got 'logfmt' (from TRACKER_LOG_FORMAT)");
    }

    @Test
    void publicUrlMustBeAWebSocketUrl() {
        assertThat(error("--public-url", "tracker.example.com"))
                .startsWith("public-url must be a ws:// or wss:// URL");
        assertThat(error("--public-url", "https://tracker.example.com"))
                .startsWith("public-url must be a ws:// or wss:// URL");
    }

    @Test
    void peerTtlMustBeLongerThanInterval() {
        assertThat(error("--announce.peer-ttl", "100s"))
                .isEqualTo("announce.peer-ttl (100s) must be longer than announce.interval (2m)"
                        + " (announce.peer-ttl from --announce.peer-ttl, announce.interval from"
                        + " the default)");
        assertThat(error("--announce.peer-ttl", "120s")).startsWith("announce.peer-ttl (2m)");
    }

    @Test
    void idleTimeoutMustBeLongerThanIntervalSoQuietClientsAreNotCut() {
        assertThat(error("--connection.idle-timeout", "120s"))
                .startsWith("connection.idle-timeout (2m) must be longer than announce.interval"
                        + " (2m)");
        assertThat(error(Map.of("TRACKER_ANNOUNCE_INTERVAL", "400s"), "--announce.peer-ttl", "500s"))
                .startsWith("connection.idle-timeout (6m) must be longer than announce.interval"
                        + " (400s)")
                .contains("announce.interval from TRACKER_ANNOUNCE_INTERVAL");
    }

    @Test
    void pingIntervalMustBeShorterThanIdleTimeout() {
        assertThat(error("--connection.ping-interval", "360s"))
                .startsWith("connection.ping-interval (6m) must be shorter than"
                        + " connection.idle-timeout (6m)");
    }

    @Test
    void sendQueueMustHoldTheLargestMessage() {
        assertThat(error("--connection.send-queue-size", "2KiB"))
                .startsWith("connection.send-queue-size (2KiB) must be at least"
                        + " connection.max-message-size (64KiB)");
    }

    @Test
    void drainTimeoutMustCoverTheDrainWindow() {
        assertThat(error("--drain.window", "31s"))
                .startsWith("drain.timeout (30s) must be at least drain.window (31s)");
    }

    @Test
    void adminPortMustDifferFromPublicPortUnlessBothAreAnyFreePort() {
        assertThat(error("--admin.port", "8000"))
                .startsWith("admin.port (8000) must differ from port (8000)");
        assertThat(Loading.config("--port", "0", "--admin.port", "0").admin().port()).isZero();
        assertThat(Loading.config("--host", "127.0.0.1", "--admin.host", "127.0.0.2",
                "--admin.port", "8000").admin().port()).isEqualTo(8000);
    }

    @Test
    void everyBrokenRuleIsReportedAtOnce() {
        assertThat(error("--announce.peer-ttl", "100s", "--drain.window", "50s", "--port", "-1"))
                .startsWith("3 configuration errors:\n")
                .contains("\n  port must be from 0 to 65535")
                .contains("\n  announce.peer-ttl (100s)")
                .contains("\n  drain.timeout (30s)");
    }

    @Test
    void outOfRangeValueIsNotAlsoReportedInComparisons() {
        assertThat(error("--announce.interval", "0s"))
                .doesNotContain("configuration errors").doesNotContain("longer than");
    }

    @Test
    void unreadableOrMalformedFilesAreRefused() {
        assertThat(error("--config", dir.resolve("missing.yaml").toString()))
                .isEqualTo("Config file " + dir.resolve("missing.yaml") + " does not exist.");
        assertThat(fileError("port: [1\n")).contains("is not valid YAML (line ");
        assertThat(fileError("port: 1\nport: 2\n"))
                .contains("the key port appears twice in one section");
        assertThat(fileError("- port\n")).contains("must be a mapping of keys to values");
    }

    @Test
    void configsBuiltInCodeAreValidatedOnRequest() {
        TrackerConfig d = TrackerConfig.defaults();
        TrackerConfig bad = new TrackerConfig(d.host(), d.port(), d.eventLoops(), d.logLevel(),
                d.logFormat(), d.publicUrl(), d.admin(), d.announce(), d.scrape(), d.connection(), d.limits(), d.access(), d.tls(), d.cluster(),
                new DrainConfig(Duration.ofNanos(500), Duration.ofSeconds(30)), d.locality(), d.pages(), d.insight());

        assertThat(d.validate()).isSameAs(d);
        assertThatThrownBy(bad::validate).isInstanceOf(ConfigException.class)
                .hasMessage("drain.window must be a whole number of milliseconds, got PT0.0000005S");
    }

    @Test
    void aBareNumberForADurationOrASizeIsRefusedWithTheUnitSyntax() {
        assertThat(error("--announce.interval", "60"))
                .isEqualTo("Invalid value for flag --announce.interval: expected a duration with a unit,"
                        + " such as 500ms, 30s, 2m, 1h or 1d, got '60'.");
        assertThat(error(Map.of("TRACKER_CONNECTION_MAX_MESSAGE_SIZE", "65536")))
                .isEqualTo("Invalid value for environment variable TRACKER_CONNECTION_MAX_MESSAGE_SIZE:"
                        + " expected a size with a unit, such as 512B, 64KiB, 1MiB or 1GiB, got '65536'.");
        assertThat(fileError("cluster:\n  publish-interval: 500\n"))
                .contains("Invalid value for cluster.publish-interval in config file ")
                .endsWith(": expected a duration with a unit, such as 500ms, 30s, 2m, 1h or 1d, got 500.");
        assertThat(error("--announce.interval", "2 weeks")).contains("expected a duration with a unit");
        assertThat(error("--connection.max-message-size", "64KB")).contains("expected a size with a unit");
    }

    @Test
    void theAnnounceIntervalIsWholeSecondsBecauseClientsAreToldItInSeconds() {
        assertThat(error("--announce.interval", "1500ms"))
                .startsWith("announce.interval must be a whole number of seconds, got 1500ms");
    }

    @Test
    void aSettingLeftNullInCodeIsReportedNotThrown() {
        TrackerConfig d = TrackerConfig.defaults();
        TrackerConfig bad = new TrackerConfig(d.host(), d.port(), d.eventLoops(), d.logLevel(),
                d.logFormat(), d.publicUrl(), d.admin(), d.announce(), d.scrape(), d.connection(), d.limits(), d.access(), d.tls(),
                d.cluster(), new DrainConfig(null, Duration.ofSeconds(30)), d.locality(), d.pages(), d.insight());

        assertThatThrownBy(bad::validate).isInstanceOf(ConfigException.class)
                .hasMessage("drain.window must be set");
    }

    @Test
    void helpAndFlagsThatTakeNoValueRejectOne() {
        assertThat(error("--help=yes")).isEqualTo("--help takes no value, got '--help=yes'.");
    }
}
