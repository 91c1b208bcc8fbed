package dev.hivecast.tracker.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivecast.protocol.ClientAnnounce;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * With {@code --admin.port} the operational endpoints move off the public listener (what viewers
 * watch is not the public's business, docs/protocol.md#i63): served on the admin port, 404 on the
 * public one, which keeps upgrading WebSockets.
 */
class AdminPortIT extends TrackerTestBase {

    @Override
    protected String[] flags() {
        return new String[] {"--admin.port", "0"};
    }

    @ParameterizedTest
    @ValueSource(strings = {"/health", "/ready", "/stats", "/stats.json", "/metrics"})
    void I63_theEndpointsAreOnTheAdminPortOnlyAndThePublicPortStillUpgrades(String path) {
        assertThat(tracker.server().adminPort()).isNotNull().isNotEqualTo(tracker.port());

        assertThat(tracker.get(tracker.server().adminPort(), path, null).statusCode()).isEqualTo(200);
        assertThat(tracker.get(tracker.port(), path, null).statusCode()).isEqualTo(404);
        peer(path).announce(ClientAnnounce.started(Ids.infoHash(), Ids.peerId()).toString());
    }
}
