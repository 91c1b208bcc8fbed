package dev.hivecast.tracker.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivecast.protocol.ClientAnnounce;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * limits.max-connections and limits.max-connections-per-ip: the connection at the limit is
 * accepted, the next one is refused at the upgrade (503 for a full node, 429 for an IP over its
 * share), counted, and the players already connected are served throughout. The client IPs here
 * come from X-Forwarded-For, which is believed because the test's own address (127.0.0.1) is
 * listed as a trusted proxy.
 */
@RunsAlone
class ConnectionLimitsIT extends TrackerTestBase {

    private static final int PER_NODE = 6;
    private static final int PER_IP = 2;

    @Override
    protected String[] flags() {
        return new String[] {"--limits.max-connections", String.valueOf(PER_NODE),
                "--limits.max-connections-per-ip", String.valueOf(PER_IP),
                "--limits.trusted-proxies", "127.0.0.1, ::1",
                // With the public port full, /metrics is refused there too: the test reads it on the admin port.
                "--admin.port", "0"};
    }

    private Peer from(String ip) {
        return track(clients.connect(tracker.port(), "/", Map.of("X-Forwarded-For", ip)));
    }

    private int refusedFrom(String ip) {
        return clients.rejectedUpgradeStatus(tracker.port(), "/", Map.of("X-Forwarded-For", ip));
    }

    @Test
    void I60_anIpAtItsLimitIsServedAndItsNextConnectionGets429WhileOtherIpsConnect() throws Exception {
        try (WellBehavedPlayer player = WellBehavedPlayer.start(from("198.51.100.200"))) {
            double before = metric("tracker_upgrades_refused_total", "reason", "max_connections_per_ip");
            Peer first = from("198.51.100.1");
            Peer second = from("198.51.100.1");

            assertThat(refusedFrom("198.51.100.1")).isEqualTo(429);
            assertThat(refusedFrom("10.0.0.1, 198.51.100.1")).as("the right-most address counts").isEqualTo(429);
            Peer otherIp = from("198.51.100.2");

            assertThat(metric("tracker_upgrades_refused_total", "reason", "max_connections_per_ip")).isEqualTo(before + 2);
            player.awaitAnnounces(10); // served while an IP is at its limit
            for (Peer p : new Peer[] {first, second, otherIp}) {
                assertThat(p.announce(ClientAnnounce.started(Ids.infoHash(), Ids.peerId()).toString()).getInteger("incomplete")).isEqualTo(1);
            }
            // a closed connection gives its place back
            first.close();
            tracker.awaitConnections(3);
            from("198.51.100.1").announce(ClientAnnounce.started(Ids.infoHash(), Ids.peerId()).toString());
            player.stopAndAssertServed();
        }
    }

    @Test
    void I61_aFullNodeRefusesTheNextUpgradeWith503AndTakesOneAgainAfterAClose() throws Exception {
        try (WellBehavedPlayer player = WellBehavedPlayer.start(from("198.51.100.100"))) {
            double before = metric("tracker_upgrades_refused_total", "reason", "max_connections");
            Peer last = null;
            for (int i = 1; i < PER_NODE; i++) {
                last = from("203.0.113." + i);
            }
            assertThat(tracker.stats().getInteger("connections")).isEqualTo(PER_NODE);

            assertThat(refusedFrom("203.0.113.50")).isEqualTo(503);
            assertThat(metric("tracker_upgrades_refused_total", "reason", "max_connections")).isEqualTo(before + 1);
            player.awaitAnnounces(10); // served while the node is full

            last.close();
            tracker.awaitConnections(PER_NODE - 1);
            from("203.0.113.50").announce(ClientAnnounce.started(Ids.infoHash(), Ids.peerId()).toString());
            player.stopAndAssertServed();
        }
    }

    @Test
    void I60_forwardingHeadersFromAnUntrustedPeerAreIgnored() {
        try (RunningTracker direct = RunningTracker.start("--limits.max-connections-per-ip", "1")) {
            Peer only = clients.connect(direct.port(), "/", Map.of("X-Forwarded-For", "198.51.100.7"));
            try {
                // another "client" per its header, but the same socket address: refused
                assertThat(clients.rejectedUpgradeStatus(direct.port(), "/", Map.of("X-Forwarded-For", "198.51.100.8")))
                        .isEqualTo(429);
                assertThat(clients.rejectedUpgradeStatus(direct.port(), "/", Map.of("Forwarded", "for=198.51.100.9")))
                        .isEqualTo(429);
            } finally {
                only.close();
            }
        }
    }
}
