package dev.hivecast.tracker.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivecast.protocol.AnswerRequest;
import dev.hivecast.protocol.ClientAnnounce;
import dev.hivecast.tracker.it.Ids;
import dev.hivecast.tracker.it.RawWebSocket;
import dev.hivecast.tracker.it.Sdp;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a node's event loop sends another node in one turn leaves as one payload, and every message
 * in it still reaches its peer. A player on node 0 receives offers from players on node 1 (one
 * swarm each, so nobody else is there to take them) and answers them all in one TCP write: node 0
 * reads those answers in one turn and sends them to node 1 together.
 */
class CrossNodeBatchesIT {

    private static final int OFFERERS = 6;
    private static final long FRAME_WAIT_MS = SwarmClients.WAIT.toMillis();

    @RegisterExtension
    static final SharedCluster SHARED = new SharedCluster();

    @ParameterizedTest(name = "{0} backend")
    @ValueSource(strings = {TrackerCluster.HAZELCAST, TrackerCluster.REDIS})
    void answersReadInOneTurnCrossToTheirNodeInOnePayloadAndEachReachesItsOfferer(String backend) throws Exception {
        TrackerCluster cluster = SHARED.anyCluster(backend);
        String answererId = Ids.peerId();
        try (SwarmClients clients = new SwarmClients();
             RawWebSocket answerer = RawWebSocket.connect(cluster.ports()[0], "/")) {
            List<SwarmPeer> offerers = new ArrayList<>();
            for (int i = 0; i < OFFERERS; i++) {
                offerers.add(new SwarmPeer(1, Ids.infoHash(), Ids.peerId(), false));
            }
            clients.join(offerers, cluster.ports(), 100, OFFERERS);
            for (SwarmPeer offerer : offerers) {
                answerer.sendText(ClientAnnounce.started(offerer.infoHash(), answererId).toString());
                assertThat(json(answerer).getMap()).as("the reply to a started announce").containsKey("complete");
            }
            SwarmClients.awaitMembers(offerers, 2);

            List<CompletableFuture<SwarmPeer.Reply>> replies = new ArrayList<>();
            offerers.forEach(o -> replies.add(o.announceOffers(List.of(Ids.offerId()))));
            replies.forEach(r -> SwarmClients.await(r, "an offerer's reply"));
            List<JsonObject> offers = new ArrayList<>();
            while (offers.size() < OFFERERS) {
                JsonObject m = json(answerer);
                assertThat(m.getMap()).as("what the answerer was sent").containsKey("offer");
                offers.add(m);
            }

            JsonObject before = crossed(cluster);
            byte[][] answers = new byte[OFFERERS][];
            Map<String, String> offerIdByOfferer = new HashMap<>();
            for (int i = 0; i < OFFERERS; i++) {
                JsonObject offer = offers.get(i);
                offerIdByOfferer.put(offer.getString("peer_id"), offer.getString("offer_id"));
                answers[i] = RawWebSocket.textFrame(AnswerRequest.of(offer.getString("info_hash"), answererId,
                        offer.getString("peer_id"), offer.getString("offer_id"), Sdp.answer()).toString());
            }
            answerer.write(answers); // one write: the node reads them in one turn

            Awaitility.await("every offerer has the answer to its offer")
                    .atMost(SwarmClients.WAIT).pollInterval(Duration.ofMillis(50))
                    .until(() -> offerers.stream().allMatch(o -> o.answers().size() == 1));
            for (SwarmPeer offerer : offerers) {
                SwarmPeer.Signal answer = offerer.answers().get(0);
                assertThat(answer.fromPeerId()).isEqualTo(answererId);
                assertThat(answer.offerId()).isEqualTo(offerIdByOfferer.get(offerer.peerId()));
                assertThat(offerer.unexpected()).isEmpty();
            }
            JsonObject after = crossed(cluster);
            long answersSent = after.getLong("answersSent") - before.getLong("answersSent");
            long payloads = after.getLong("payloadsSent") - before.getLong("payloadsSent");
            System.out.printf("[%s] %d answers read in one turn went to their node in %d payload(s)%n",
                    backend, answersSent, payloads);
            assertThat(answersSent).isEqualTo(OFFERERS);
            assertThat(payloads).isEqualTo(1);
        }
    }

    /** Node 0's counts of what it sent other nodes. */
    private static JsonObject crossed(TrackerCluster cluster) {
        return cluster.stats(0).getJsonObject("cluster").getJsonObject("totals");
    }

    private static JsonObject json(RawWebSocket socket) {
        return new JsonObject(socket.readFrame(FRAME_WAIT_MS).text());
    }
}
