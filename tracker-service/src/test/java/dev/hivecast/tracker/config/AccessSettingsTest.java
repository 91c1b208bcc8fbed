package dev.hivecast.tracker.config;

import static dev.hivecast.tracker.config.Loading.config;
import static dev.hivecast.tracker.config.Loading.error;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** access.* and tls.*: off by default, and mistakes refused at start-up without echoing a secret. */
class AccessSettingsTest {

    @TempDir
    Path dir;

    @Test
    void everythingIsOffByDefault() {
        TrackerConfig d = TrackerConfig.defaults();

        assertThat(d.access()).isEqualTo(AccessConfig.defaults());
        assertThat(d.access().signedUrls()).isFalse();
        assertThat(d.tls().enabled()).isFalse();
        assertThat(d.advertisedUrl(8000)).startsWith("ws://");
    }

    @Test
    void listsMayBeReadableFilesOrHttpUrls() throws IOException {
        Path list = Files.writeString(dir.resolve("allow.txt"), "# none yet\n");

        TrackerConfig c = config("--access.info-hash-allowlist", list.toString(),
                "--access.info-hash-denylist", "https://lists.example.com/deny.txt");

        assertThat(c.access().infoHashAllowlist()).isEqualTo(list.toString());
        assertThat(error("--access.info-hash-allowlist", dir.resolve("missing.txt").toString()))
                .contains("access.info-hash-allowlist names no readable file");
        assertThat(error("--access.info-hash-denylist", "https:///no-host")).contains("access.info-hash-denylist");
    }

    @Test
    void originEntriesMustBeOrigins() {
        assertThat(config("--access.origin-allowlist", "https://a.example.com, https://*.cdn.example.com:8443,null")
                .access().originAllowlist()).contains("*.cdn");
        assertThat(error("--access.origin-allowlist", "https://a.example.com/player"))
                .contains("access.origin-allowlist entries must be scheme://host[:port]")
                .contains("'https://a.example.com/player'");
        assertThat(error("--access.origin-denylist", "example.com")).contains("access.origin-denylist entries");
    }

    @Test
    void aShortSecretIsRefusedWithItsLengthNeverItsValue() {
        String message = error(Map.of("TRACKER_ACCESS_URL_SECRET", "hunter2"));

        assertThat(message).contains("access.url-secret must have at least 16 characters, got 7")
                .doesNotContain("hunter2");
    }

    @Test
    void aPreviousSecretNeedsACurrentOne() {
        assertThat(error("--access.url-previous-secret", "previous-secret-0123456789"))
                .contains("access.url-previous-secret is set, so access.url-secret must be set too");
    }

    @Test
    void secretsNeverShowInTheConfigsText() {
        TrackerConfig c = config(Map.of("TRACKER_ACCESS_URL_SECRET", "current-secret-0123456789",
                "TRACKER_ACCESS_URL_PREVIOUS_SECRET", "previous-secret-0123456789"));

        assertThat(c.access().signedUrls()).isTrue();
        assertThat(c.toString()).doesNotContain("current-secret").doesNotContain("previous-secret");
    }

    @Test
    void tlsNeedsBothReadablePemFilesAndTurnsTheAdvertisedUrlIntoWss() throws IOException {
        Path cert = Files.writeString(dir.resolve("tls.crt"), "not checked until start");
        Path key = Files.writeString(dir.resolve("tls.key"), "not checked until start");

        TrackerConfig c = config("--tls.cert-pem", cert.toString(), "--tls.key-pem", key.toString());

        assertThat(c.tls().enabled()).isTrue();
        assertThat(c.advertisedUrl(8443)).isEqualTo("wss://0.0.0.0:8443/");
        assertThat(error("--tls.cert-pem", cert.toString()))
                .contains("tls.cert-pem and tls.key-pem must be set together");
        assertThat(error("--tls.cert-pem", cert.toString(), "--tls.key-pem", dir.resolve("nope.key").toString()))
                .contains("tls.key-pem names no readable file");
    }
}
