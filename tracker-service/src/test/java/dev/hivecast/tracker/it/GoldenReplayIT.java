package dev.hivecast.tracker.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivecast.tracker.it.FixtureReplay.Step;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * docs/protocol.md#j-real-client-sessions: connections of real clients recorded against the reference tracker, replayed
 * against ours (see {@link FixtureReplay} for what is compared). Our replies are byte-identical
 * to the reference's wherever docs/protocol.md#decisions agrees with it; each test names the replies where it
 * does not, and why.
 *
 * <p>{@code bittorrent-tracker-client.jsonl} and {@code raw-ws-probes.jsonl} are not replayed
 * alone: they are two parts of one capture whose connections shared swarms (the reference's
 * counts in one file include peers announced in the other), and the probes' failure texts are
 * the reference's, not ours (BadInputIT specifies ours).
 */
class GoldenReplayIT extends TrackerTestBase {

    @Test
    void J68_p2pMediaLoaderSwitchingQuality_everyReplyMatchesTheReferenceExceptItsLeakedPeer() {
        // At t=109.0 viewer 1 re-joins level B. The reference counts a second peer there: the
        // peer_id viewer 2 used for B, left behind when viewer 2's socket closed at t=69.1,
        // because it removes only a socket's first peer_id. We remove all of them.
        double rejoin = 109013.652;
        String referenceReply = "{\"complete\":0,\"incomplete\":2,\"action\":\"announce\",\"interval\":120,\"info_hash\":\"MIYLlqhruJwF3WZDi9Bi\"}";
        String correctReply = "{\"complete\":0,\"incomplete\":1,\"action\":\"announce\",\"interval\":120,\"info_hash\":\"MIYLlqhruJwF3WZDi9Bi\"}";
        assertThat(FixtureReplay.load("p2p-media-loader-switching.jsonl"))
                .as("the fixture holds the reference's reply with the leaked peer")
                .anyMatch(l -> l.isS2c() && referenceReply.equals(l.frame()));

        List<Step> steps = replay("p2p-media-loader-switching.jsonl", Map.of(rejoin, correctReply));

        Step rejoined = steps.stream().filter(s -> s.request().tMs() == rejoin).findFirst().orElseThrow();
        assertThat(rejoined.request().message().getString("event")).isEqualTo("started");
        assertThat(rejoined.reply()).isEqualTo(correctReply);
        // Offers by a peer with one other member always go to that member, so those answers pair;
        // an offer of the third viewer, with two others, may have gone to the other one.
        assertAnswers(steps, 4, 2);
    }

    @Test
    void J68_p2pMediaLoaderSingleLevel_everyReplyMatchesTheReference() {
        List<Step> steps = replay("p2p-media-loader.jsonl", Map.of());

        assertThat(steps).filteredOn(s -> !s.request().message().containsKey("answer")).hasSize(3);
        assertAnswers(steps, 3, 1);
    }

    @Test
    void J66_bittorrentTrackerClientStartUpdateCompleteScrapeStop_everyReplyMatchesTheReference() {
        // The reference advertises min_request_interval 600 in scrape replies (derived from its
        // HTTP announce interval), we advertise the interval we announce, 120; BTc ignores flags
        // (docs/protocol.md#server-messages, #g53). The rest of the scrape reply is byte-identical.
        String fixture = "bittorrent-tracker-client-update.jsonl";
        FixtureReplay.Line scrape = FixtureReplay.load(fixture).stream()
                .filter(l -> l.isC2s() && "scrape".equals(l.message().getString("action"))).findFirst().orElseThrow();
        String referenceScrapeReply = FixtureReplay.load(fixture).get(scrape.index() + 1).frame();
        assertThat(referenceScrapeReply).contains("\"min_request_interval\":600");
        String ourScrapeReply = referenceScrapeReply.replace("\"min_request_interval\":600", "\"min_request_interval\":120");

        List<Step> steps = replay(fixture, Map.of(scrape.tMs(), ourScrapeReply));

        // Two peers only: every offer has exactly one possible receiver, so every answer pairs.
        assertAnswers(steps, 2, 2);
        assertThat(steps).filteredOn(s -> s.request().tMs() == scrape.tMs()).extracting(Step::reply)
                .containsExactly(ourScrapeReply);
    }

    @Test
    void J66_webtorrentSeederAndMagnetLeecher_everyReplyMatchesTheReferenceExceptLeftNull() {
        // The leecher's first announce has "left":null (no metadata yet). The reference turns
        // null into 0 and counts a seeder; we count a leecher (docs/protocol.md#decisions, #c19).
        String fixture = "webtorrent.jsonl";
        FixtureReplay.Line leftNull = FixtureReplay.load(fixture).stream()
                .filter(l -> l.isC2s() && l.frame().contains("\"left\":null")).findFirst().orElseThrow();
        String infoHash = leftNull.message().getString("info_hash");
        String referenceReply = FixtureReplay.load(fixture).stream()
                .filter(l -> l.isS2c() && l.conn() == leftNull.conn() && l.index() > leftNull.index()).findFirst().orElseThrow().frame();
        assertThat(new JsonObject(referenceReply).getInteger("complete")).isEqualTo(2);
        String ourReply = referenceReply.replace("{\"complete\":2,\"incomplete\":0,", "{\"complete\":1,\"incomplete\":1,");
        assertThat(new JsonObject(ourReply).getString("info_hash")).isEqualTo(infoHash);

        List<Step> steps = replay(fixture, Map.of(leftNull.tMs(), ourReply));

        // Its "completed" later makes it a seeder, and from there on the counts agree again.
        assertAnswers(steps, 1, 1);
    }

    private List<Step> replay(String fixture, Map<Double, String> overrides) {
        return new FixtureReplay(fixture, this::peer, tracker, overrides).run();
    }

    private static void assertAnswers(List<Step> steps, int answers, int atLeastForwarded) {
        List<Step> answerSteps = steps.stream().filter(s -> s.request().message().containsKey("answer")).toList();
        assertThat(answerSteps).hasSize(answers);
        assertThat(answerSteps).allMatch(s -> s.answerForwarded() != s.answerRefused());
        assertThat(answerSteps.stream().filter(Step::answerForwarded).count()).isGreaterThanOrEqualTo(atLeastForwarded);
    }
}
