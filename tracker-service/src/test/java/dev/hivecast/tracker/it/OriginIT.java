package dev.hivecast.tracker.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivecast.protocol.ClientAnnounce;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * docs/protocol.md#i61, the Origin part: pages of listed Origins connect, others get HTTP 403 and no
 * WebSocket, and so does an upgrade with no Origin when deny-missing-origin is on. Players already
 * connected keep working through every refusal.
 */
class OriginIT extends TrackerTestBase {

    private static final String PLAYER = "https://player.example.com";

    @Override
    protected String[] flags() {
        return new String[] {
                "--access.origin-allowlist", PLAYER + ",https://*.cdn.example.com",
                "--access.origin-denylist", "https://bad.cdn.example.com",
                "--access.deny-missing-origin", "true"};
    }

    @Test
    void I61_pagesOfAllowedOriginsConnectAndAnnounce() {
        String infoHash = Ids.infoHash();
        Peer a = withOrigin(PLAYER);
        Peer b = withOrigin("https://edge-7.cdn.example.com");

        a.announce(ClientAnnounce.started(infoHash, Ids.peerId()).toString());

        assertThat(b.announce(ClientAnnounce.started(infoHash, Ids.peerId()).toString()).getInteger("incomplete")).isEqualTo(2);
    }

    @Test
    void I61_otherOriginsDeniedOnesAndMissingOnesGet403WhileAConnectedPlayerKeepsWorking() {
        String infoHash = Ids.infoHash();
        String peerId = Ids.peerId();
        Peer player = withOrigin(PLAYER);
        player.announce(ClientAnnounce.started(infoHash, peerId).toString());
        double notAllowed = metric("tracker_upgrades_refused_total", "reason", "origin_not_allowed");
        double missing = metric("tracker_upgrades_refused_total", "reason", "origin_missing");

        assertThat(refusedStatus(Map.of("Origin", "https://leech.example.net"))).isEqualTo(403);
        assertThat(refusedStatus(Map.of("Origin", "https://bad.cdn.example.com"))).as("denied").isEqualTo(403);
        assertThat(refusedStatus(Map.of("Origin", "http://player.example.com"))).as("another scheme").isEqualTo(403);
        assertThat(refusedStatus(Map.of())).as("no Origin").isEqualTo(403);
        assertThat(clients.rejectedUpgradeStatus(tracker.port(), "/", Map.of("Origin", "https://example.org")))
                .as("through a WebSocket client").isEqualTo(403);

        assertThat(metric("tracker_upgrades_refused_total", "reason", "origin_not_allowed") - notAllowed).isEqualTo(4);
        assertThat(metric("tracker_upgrades_refused_total", "reason", "origin_missing") - missing).isEqualTo(1);
        assertThat(player.announce(ClientAnnounce.of(infoHash, peerId).toString()).getInteger("incomplete")).isEqualTo(1);
        assertThat(tracker.stats().getInteger("connections")).as("no refused upgrade became a connection")
                .isEqualTo(1);
    }

    private Peer withOrigin(String origin) {
        return track(clients.connect(tracker.port(), "/", Map.of("Origin", origin)));
    }

    /** The status line of a raw upgrade with exactly these headers; 101 would be a WebSocket. */
    private int refusedStatus(Map<String, String> headers) {
        return raw("/", headers).status();
    }
}
