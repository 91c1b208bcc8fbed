package dev.hivecast.tracker.config;

import static dev.hivecast.tracker.config.Loading.config;
import static dev.hivecast.tracker.config.Loading.error;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** limits.proxy-protocol: off by default, and never on without a list of who may send headers. */
class ProxyProtocolSettingsTest {

    @Test
    void isOffByDefaultWithVertxsTenSecondTimeout() {
        LimitsConfig d = TrackerConfig.defaults().limits();

        assertThat(d.proxyProtocol()).isFalse();
        assertThat(d.proxyProtocolTimeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void turnsOnWithTheProxiesThatSendTheHeader() {
        LimitsConfig c = config("--limits.proxy-protocol", "true", "--limits.trusted-proxies", "10.0.0.0/16",
                "--limits.proxy-protocol-timeout", "3s").limits();

        assertThat(c.proxyProtocol()).isTrue();
        assertThat(c.proxyProtocolTimeout()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void withoutTrustedProxiesItIsRefusedBecauseAnyHostCouldNameAnyClient() {
        assertThat(error("--limits.proxy-protocol", "true"))
                .contains("limits.proxy-protocol is on, so limits.trusted-proxies must list the proxies");
        assertThat(error("--limits.proxy-protocol", "true", "--limits.trusted-proxies", " "))
                .contains("limits.trusted-proxies must list");
    }

    @Test
    void theTimeoutIsAtLeastOneSecond() {
        assertThat(error("--limits.proxy-protocol-timeout", "0s")).contains("limits.proxy-protocol-timeout must be from");
    }
}
