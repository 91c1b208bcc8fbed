package dev.hivecast.tracker.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivecast.protocol.AnswerRequest;
import dev.hivecast.protocol.ClientAnnounce;
import dev.hivecast.tracker.it.Ids;
import dev.hivecast.tracker.it.RawWebSocket;
import dev.hivecast.tracker.it.Sdp;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The middle of a rolling upgrade (docs/upgrades.md): a node built from {@link #BASELINE}, the
 * newest commit that changed what nodes exchange, and a node of this build form one cluster, on
 * each backend. Each node's players get offers from the other node's players and their answers
 * back; the answers of one turn cross as one batch (codec version 2), so both message versions
 * are read by both builds, and a scrape through either node counts the other's members, so each
 * build reads the other's directory entries. Neither node may count a payload it could not read
 * or a directory operation that failed.
 */
class MixedVersionClusterIT {

    /**
     * The oldest build this one promises to share a cluster with: 241db32 gave the node-to-node
     * codec its version 2 (batches), after the directory formats' last change (c6c2555, batched
     * directory reads). A release that changes either moves this, as docs/upgrades.md says.
     */
    static final String BASELINE = "241db32fbf90cd11e0dbd4ac8db50c7bcd5a023e";
    private static final int OFFERERS = 4;
    private static final long FRAME_WAIT_MS = SwarmClients.WAIT.toMillis();

    private static Path oldJar;
    private static Path logDir;

    @BeforeAll
    static void buildTheBaseline() {
        oldJar = PreviousBuild.trackerJar(BASELINE);
        logDir = Path.of("target", "cluster-it",
                "mixed-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    }

    @ParameterizedTest(name = "{0} backend")
    @ValueSource(strings = {TrackerCluster.HAZELCAST, TrackerCluster.REDIS})
    void aBaselineNodeAndANodeOfThisBuildRelayOffersAndAnswersBothWays(String backend) throws Exception {
        long started = System.nanoTime();
        try (MixedCluster cluster = MixedCluster.start(oldJar, TrackerCluster.jarUnderTest(), logDir.resolve(backend),
                backend)) {
            System.out.printf("[mixed-it] %s: old and new node formed one cluster in %d ms%n", backend,
                    (System.nanoTime() - started) / 1_000_000);
            offersCrossAndAnswersReturnInOneBatch(cluster, MixedCluster.OLD, MixedCluster.NEW);
            offersCrossAndAnswersReturnInOneBatch(cluster, MixedCluster.NEW, MixedCluster.OLD);
            for (int node : new int[] {MixedCluster.OLD, MixedCluster.NEW}) {
                JsonObject totals = cluster.crossed(node);
                for (String failure : List.of("badMessages", "publishFailures", "directoryReadFailures")) {
                    assertThat(totals.getLong(failure)).as(backend + ": " + failure + " on the "
                            + MixedCluster.name(node) + " node").isZero();
                }
            }
        }
    }

    /**
     * Players on {@code offerNode}, one swarm each, whose only other member is one answerer on
     * {@code answerNode}: every offer must cross, and the answers, written in one TCP write so that
     * {@code answerNode} reads them in one turn, must come back, each to its offerer.
     */
    private static void offersCrossAndAnswersReturnInOneBatch(MixedCluster cluster, int offerNode, int answerNode)
            throws Exception {
        String direction = MixedCluster.name(offerNode) + " -> " + MixedCluster.name(answerNode) + " ("
                + cluster.backend() + ")";
        String answererId = Ids.peerId();
        try (SwarmClients clients = new SwarmClients();
             RawWebSocket answerer = RawWebSocket.connect(cluster.ports()[answerNode], "/")) {
            List<SwarmPeer> offerers = new ArrayList<>();
            for (int i = 0; i < OFFERERS; i++) {
                offerers.add(new SwarmPeer(offerNode, Ids.infoHash(), Ids.peerId(), false));
            }
            clients.join(offerers, cluster.ports(), 100, OFFERERS);
            for (SwarmPeer offerer : offerers) {
                answerer.sendText(ClientAnnounce.started(offerer.infoHash(), answererId).toString());
                assertThat(json(answerer).getMap()).as(direction + ": the reply to a started announce")
                        .containsKey("complete");
            }
            SwarmClients.awaitMembers(offerers, 2); // the offerers' node reads the answerer's share

            Map<String, String> offerIdOf = new HashMap<>();
            for (SwarmPeer offerer : offerers) {
                offerIdOf.put(offerer.peerId(), Ids.offerId());
                SwarmClients.await(offerer.announceOffers(List.of(offerIdOf.get(offerer.peerId()))), "a reply");
            }
            List<byte[]> answers = new ArrayList<>();
            for (int i = 0; i < OFFERERS; i++) {
                JsonObject offer = json(answerer);
                assertThat(offer.getMap()).as(direction + ": what the answerer was sent").containsKey("offer");
                assertThat(offer.getString("offer_id")).as(direction).isEqualTo(offerIdOf.get(offer.getString("peer_id")));
                answers.add(RawWebSocket.textFrame(AnswerRequest.of(offer.getString("info_hash"), answererId,
                        offer.getString("peer_id"), offer.getString("offer_id"), Sdp.answer()).toString()));
            }
            JsonObject before = cluster.crossed(answerNode);
            answerer.write(answers.toArray(byte[][]::new));

            Awaitility.await(direction + ": every offerer has the answer to its offer")
                    .atMost(SwarmClients.WAIT).pollInterval(Duration.ofMillis(50))
                    .until(() -> offerers.stream().allMatch(o -> o.answers().size() == 1));
            for (SwarmPeer offerer : offerers) {
                SwarmPeer.Signal answer = offerer.answers().get(0);
                assertThat(answer.fromPeerId()).as(direction).isEqualTo(answererId);
                assertThat(answer.offerId()).as(direction).isEqualTo(offerIdOf.get(offerer.peerId()));
                assertThat(offerer.unexpected()).as(direction).isEmpty();
            }
            JsonObject after = cluster.crossed(answerNode);
            long answersSent = after.getLong("answersSent") - before.getLong("answersSent");
            long payloads = after.getLong("payloadsSent") - before.getLong("payloadsSent");
            System.out.printf("[mixed-it] %s: %d offers crossed, %d answers came back in %d payload(s)%n",
                    direction, OFFERERS, answersSent, payloads);
            assertThat(answersSent).as(direction + ": answers sent across").isEqualTo(OFFERERS);
            assertThat(payloads).as(direction + ": payloads, so at least one batch (version 2)")
                    .isLessThan(answersSent);
        }
    }

    private static JsonObject json(RawWebSocket socket) {
        return new JsonObject(socket.readFrame(FRAME_WAIT_MS).text());
    }
}
