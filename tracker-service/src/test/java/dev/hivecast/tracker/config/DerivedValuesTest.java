package dev.hivecast.tracker.config;

import static dev.hivecast.tracker.config.Loading.config;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Values the wiring derives from the config: admin host, event loop count, advertised URL. */
class DerivedValuesTest {

    @Test
    void emptyAdminHostMeansThePublicHost() {
        assertThat(config("--host", "10.0.0.5").adminHost()).isEqualTo("10.0.0.5");
        assertThat(config("--admin.host", "127.0.0.1").adminHost()).isEqualTo("127.0.0.1");
    }

    @Test
    void adminEndpointsShareThePublicPortUnlessAdminPortIsSet() {
        assertThat(config().admin().hasOwnPort()).isFalse();
        assertThat(config("--admin.port", "0").admin().hasOwnPort()).isTrue();
    }

    @Test
    void zeroEventLoopsMeansOnePerCore() {
        assertThat(config().eventLoopCount(8)).isEqualTo(8);
        assertThat(config("--event-loops", "3").eventLoopCount(8)).isEqualTo(3);
    }

    @Test
    void advertisedUrlIsThePublicUrlOrDerivedFromHostAndBoundPort() {
        assertThat(config("--host", "127.0.0.1", "--port", "0").advertisedUrl(41234))
                .isEqualTo("ws://127.0.0.1:41234/");
        assertThat(config("--host", "::1").advertisedUrl(8000)).isEqualTo("ws://[::1]:8000/");
        assertThat(config("--public-url", "wss://tracker.example.com").advertisedUrl(8000))
                .isEqualTo("wss://tracker.example.com");
    }
}
