package dev.hivecast.tracker.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivecast.protocol.AnswerRequest;
import dev.hivecast.protocol.ClientAnnounce;
import dev.hivecast.tracker.it.Ids;
import dev.hivecast.tracker.it.RawWebSocket;
import dev.hivecast.tracker.it.Sdp;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/locality.md#across-the-cluster, with real node processes: the viewers of network 2 are all
 * on node B but one, who is on node A among six viewers of network 1. A holds enough members for
 * every offer (local-first routing would keep them all), none of them near; B published that it
 * holds network 2, so A sends the near offers there and B gives them to network 2's viewers, whose
 * answers find their way back. Its own cluster, with locality on (the shared ones run without).
 */
class LocalityAcrossNodesIT {

    private static final int OFFERS = 5;
    /** locality.random-share 0.2 of 5 offers: exactly one is random, the other four near. */
    private static final int NEAR = 4;
    private static final int ROUNDS = 10;

    @TempDir
    Path dir;

    @Test
    void nearOffersGoToTheNodeHoldingTheOfferersNetworkOnRedis() throws IOException {
        Path sites = Files.writeString(dir.resolve("sites.txt"), "127.1.0.0/16 net-1\n127.2.0.0/16 net-2\n");
        Path logs = Path.of("target", "cluster-it",
                "locality-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        try (TrackerCluster cluster = TrackerCluster.start(TrackerCluster.jarUnderTest(), logs, TrackerCluster.REDIS,
                "local-first", List.of("--locality.sites", sites.toString()))) {
            nearOffersCrossToTheNodeHoldingTheOfferersNetwork(cluster);
        }
    }

    private static void nearOffersCrossToTheNodeHoldingTheOfferersNetwork(TrackerCluster cluster) {
        String infoHash = Ids.infoHash();
        List<Viewer> onB = new ArrayList<>();
        List<Viewer> onA = new ArrayList<>();
        try {
            for (int i = 1; i <= NEAR; i++) {
                onB.add(Viewer.join(cluster.ports()[1], "127.2.0." + i, infoHash));
            }
            for (int i = 1; i <= 6; i++) {
                onA.add(Viewer.join(cluster.ports()[0], "127.1.0." + i, infoHash));
            }
            Viewer offerer = Viewer.join(cluster.ports()[0], "127.2.0.99", infoHash);
            onB.add(0, offerer); // closed with the others; skipped as a receiver below

            int nearDelivered = 0;
            int answered = 0;
            // A learns B's summary within a publish interval and a view refresh: a round a second
            // until the near offers cross (the code before this never sent them).
            for (int round = 1; round <= ROUNDS && nearDelivered < NEAR; round++) {
                offerer.ws.sendText(ClientAnnounce.of(infoHash, offerer.peerId).withNumwant(OFFERS)
                        .withOffers(Sdp.offers(OFFERS)).toString());
                long until = System.nanoTime() + 1_000_000_000L;
                nearDelivered = 0;
                answered = 0;
                while (System.nanoTime() < until) {
                    for (Viewer v : onB.subList(1, onB.size())) {
                        nearDelivered += v.answerOffersFrom(offerer.peerId, infoHash);
                    }
                    answered += offerer.countAnswers();
                    onA.forEach(v -> v.next(1)); // the random offer lands here, unanswered
                }
            }

            assertThat(nearDelivered).as("offers the network-2 viewers on B received from the one on A")
                    .isEqualTo(NEAR);
            assertThat(answered).as("their answers, back on A").isEqualTo(NEAR);
            assertThat(cluster.metrics(1).value("tracker_offers_locality_total", "locality", "site"))
                    .as("B counts them as same-site offers").isGreaterThanOrEqualTo(NEAR);
        } finally {
            onB.forEach(v -> v.ws.close());
            onA.forEach(v -> v.ws.close());
        }
    }

    /** One raw viewer from a loopback address; answers each offer it reads from the one offerer. */
    private record Viewer(RawWebSocket ws, String peerId) {

        static Viewer join(int port, String source, String infoHash) {
            Viewer v = new Viewer(RawWebSocket.connectFrom(source, port), Ids.peerId());
            v.ws.sendText(ClientAnnounce.started(infoHash, v.peerId).toString());
            assertThat(v.next(5_000)).as("the reply to " + source + "'s join").isNotNull();
            return v;
        }

        int answerOffersFrom(String offerer, String infoHash) {
            JsonObject m = next(5);
            if (m == null || !m.containsKey("offer") || !offerer.equals(m.getString("peer_id"))) {
                return 0;
            }
            ws.sendText(AnswerRequest.of(infoHash, peerId, offerer, m.getString("offer_id"), Sdp.answer()).toString());
            return 1;
        }

        int countAnswers() {
            JsonObject m = next(5);
            return m != null && m.containsKey("answer") ? 1 : 0;
        }

        /** The next text message within {@code millis}, or null. */
        JsonObject next(long millis) {
            try {
                RawWebSocket.Frame f = ws.readFrame(millis);
                return f.opcode() == 0x1 ? new JsonObject(new String(f.payload(), StandardCharsets.UTF_8)) : null;
            } catch (AssertionError noFrame) {
                return null;
            }
        }
    }
}
