package dev.hivecast.tracker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.hivecast.protocol.ClientAnnounce;
import dev.hivecast.tracker.locality.TestMmdb;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/locality.md, end to end: raw peers connect from several loopback networks (127.K.0.0/16),
 * one swarm, five offers each. Without locality about one offer in N comes from the receiver's
 * own network; with a sites file (and an AS database) most do, and the rest are the random share.
 */
class LocalityIT {

    private static final int NETWORKS = 5;
    private static final int PER_NETWORK = 6;
    private static final int OFFERS = 5;

    @TempDir
    Path dir;

    @Test
    void theShareOfOffersFromTheSameNetworkRisesFromRandomToMostWithLocality() throws IOException {
        Path sites = Files.writeString(dir.resolve("sites.txt"), sitesFile());
        Path asns = TestMmdb.loopbackNetworks(NETWORKS).write(dir.resolve("asn.mmdb"));

        double random;
        try (RunningTracker off = RunningTracker.start("--locality.enabled", "false")) {
            random = sameNetworkShare(off);
        }
        try (RunningTracker on = RunningTracker.start("--locality.sites", sites.toString(),
                "--locality.asn-database", asns.toString())) {
            double near = sameNetworkShare(on);
            PrometheusText metrics = PrometheusText.parse(on.get("/metrics").body());

            assertThat(random).as("random matching: about 5 of the 29 others").isLessThan(0.4);
            assertThat(near).as("with locality: 80 %% near, plus the random share's near ones").isGreaterThan(0.7);
            assertThat(metrics.value("tracker_offers_locality_total", "locality", "site"))
                    .isEqualTo(Math.round(near * NETWORKS * PER_NETWORK * OFFERS));
            assertThat(metrics.value("tracker_offers_locality_total", "locality", "none")).isPositive();
            assertThat(metrics.value("tracker_locality_reload_failures_total")).isZero();
        }
    }

    @Test
    void aMalformedSitesFileStopsTheStartNamingTheFileAndLine() throws IOException {
        Path sites = Files.writeString(dir.resolve("bad-sites.txt"), "10.0.0.0/8 campus\n10.1.0.0/16\n");

        Throwable failure = catchThrowable(() -> RunningTracker.start("--locality.sites", sites.toString()).close());

        assertThat(failure).as("the start must fail").isNotNull();
        assertThat(messages(failure)).contains("locality.sites " + sites).contains("line 2:");
    }

    private static String sitesFile() {
        StringBuilder s = new StringBuilder("# one site per loopback network\n");
        for (int k = 1; k <= NETWORKS; k++) {
            s.append("127.").append(k).append(".0.0/16 net-").append(k).append('\n');
        }
        return s.toString();
    }

    /** Every peer joins, then offers; the share of received offers whose offerer is on the receiver's network. */
    private static double sameNetworkShare(RunningTracker tracker) {
        String infoHash = Ids.infoHash();
        Map<String, Integer> networkOf = new HashMap<>();
        List<RawWebSocket> sockets = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        try {
            for (int k = 1; k <= NETWORKS; k++) {
                for (int i = 1; i <= PER_NETWORK; i++) {
                    String id = Ids.peerId();
                    RawWebSocket ws = connectFrom("127." + k + ".0." + i, tracker.port());
                    sockets.add(ws);
                    ids.add(id);
                    networkOf.put(id, k);
                    ws.sendText(ClientAnnounce.started(infoHash, id).toString());
                    ws.readFrame(RunningTracker.WAIT.toMillis()); // the reply: it has joined
                }
            }
            for (int p = 0; p < sockets.size(); p++) {
                sockets.get(p).sendText(ClientAnnounce.of(infoHash, ids.get(p)).withNumwant(OFFERS)
                        .withOffers(dev.hivecast.tracker.it.Sdp.offers(OFFERS)).toString());
            }
            return countOffers(sockets, ids, networkOf);
        } finally {
            sockets.forEach(RawWebSocket::close);
        }
    }

    private static double countOffers(List<RawWebSocket> sockets, List<String> ids, Map<String, Integer> networkOf) {
        int expected = sockets.size() * OFFERS;
        int all = 0;
        int same = 0;
        long deadline = System.nanoTime() + RunningTracker.WAIT.toNanos();
        while (all < expected && System.nanoTime() < deadline) {
            for (int p = 0; p < sockets.size(); p++) {
                JsonObject message = poll(sockets.get(p));
                if (message != null && message.containsKey("offer")) {
                    all++;
                    String from = message.getString("peer_id");
                    same += networkOf.get(from).equals(networkOf.get(ids.get(p))) ? 1 : 0;
                }
            }
        }
        assertThat(all).as("every offer relayed").isEqualTo(expected);
        return (double) same / all;
    }

    /** The next text message within 5 ms, or null. */
    private static JsonObject poll(RawWebSocket ws) {
        try {
            RawWebSocket.Frame f = ws.readFrame(5);
            return f.opcode() == RawWebSocket.TEXT ? new JsonObject(new String(f.payload(), StandardCharsets.UTF_8)) : null;
        } catch (AssertionError noFrame) {
            return null;
        }
    }

    /** A raw WebSocket from {@code source}: Linux routes all of 127.0.0.0/8 to loopback. */
    private static RawWebSocket connectFrom(String source, int port) {
        try {
            Socket socket = new Socket();
            socket.bind(new InetSocketAddress(source, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            return RawWebSocket.handshake(socket, new byte[0], port, "/", Map.of());
        } catch (IOException e) {
            throw new AssertionError("connect from " + source + " failed", e);
        }
    }

    private static String messages(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            all.append(t.getMessage()).append(" | ");
        }
        return all.toString();
    }
}
