package dev.hivecast.tracker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hivecast.protocol.AnswerRequest;
import dev.hivecast.protocol.ClientAnnounce;
import dev.hivecast.protocol.ScrapeRequest;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Token buckets on messages: per connection and per client IP, announces, answers and scrapes each
 * in a bucket of their own. The burst passes, the next message gets a failure reason naming the
 * kind (with its action and info_hash, so a player shows it rather than reconnecting), the
 * bucket refills at the rate, and a connection that keeps flooding is closed with 1008 after
 * connection.max-invalid-messages refusals in a row. Each test is its own client IP (by
 * X-Forwarded-For from the trusted 127.0.0.1), so per-IP buckets do not carry over between tests.
 */
@RunsAlone
class RateLimitsIT extends TrackerTestBase {

    private static final int ANNOUNCE_BURST = 5;
    private static final int ANSWER_BURST = 8;
    private static final int SCRAPE_BURST = 3;
    private static final int IP_ANNOUNCE_BURST = 8;
    private static final int MAX_REFUSALS = 6;
    private static final AtomicInteger NEXT_IP = new AtomicInteger(1);

    @Override
    protected String[] flags() {
        return new String[] {"--limits.trusted-proxies", "127.0.0.1",
                "--limits.announce-rate", "2", "--limits.announce-burst", String.valueOf(ANNOUNCE_BURST),
                "--limits.answer-rate", "1", "--limits.answer-burst", String.valueOf(ANSWER_BURST),
                "--limits.scrape-rate", "1", "--limits.scrape-burst", String.valueOf(SCRAPE_BURST),
                "--limits.ip-announce-rate", "1", "--limits.ip-announce-burst", String.valueOf(IP_ANNOUNCE_BURST),
                "--connection.max-invalid-messages", String.valueOf(MAX_REFUSALS)};
    }

    /** An address no other connection of this class used. */
    private static String nextIp() {
        int n = NEXT_IP.getAndIncrement();
        return "10.77." + (n / 250) + "." + (n % 250 + 1);
    }

    /** A connection from a client IP no other test uses. */
    private Peer freshClient() {
        return fromIp(nextIp());
    }

    private Peer fromIp(String ip) {
        return track(clients.connect(tracker.port(), "/", Map.of("X-Forwarded-For", ip)));
    }

    @Test
    void I60_theAnnounceBurstPassesAndTheNextGetsAFailureReasonThenTheBucketRefills() {
        Peer p = freshClient();
        String infoHash = Ids.infoHash();
        String peerId = Ids.peerId();
        double before = metric("tracker_rate_limited_total", "kind", "announce", "scope", "connection");

        for (int i = 0; i < ANNOUNCE_BURST; i++) {
            p.announce(ClientAnnounce.of(infoHash, peerId).toString());
        }
        JsonObject refused = p.request(ClientAnnounce.of(infoHash, peerId).toString());

        assertThat(refused.getString("failure reason")).isEqualTo("announce rate limit exceeded, slow down");
        assertThat(refused.getString("action")).isEqualTo("announce");
        assertThat(refused.getString("info_hash")).isEqualTo(infoHash);
        assertThat(metric("tracker_rate_limited_total", "kind", "announce", "scope", "connection")).isEqualTo(before + 1);
        assertThat(p.isClosed()).isFalse();
        // 2 per second: a token is back within half a second
        await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(100)).until(() ->
                p.request(ClientAnnounce.of(infoHash, peerId).toString()).containsKey("complete"));
    }

    @Test
    void I60_answersHaveTheirOwnBucketSoAViewerAnswersAfterItsAnnouncesRanOut() {
        Peer p = freshClient();
        String infoHash = Ids.infoHash();
        String peerId = Ids.peerId();
        for (int i = 0; i < ANNOUNCE_BURST; i++) {
            p.announce(ClientAnnounce.of(infoHash, peerId).toString());
        }
        assertThat(p.request(ClientAnnounce.of(infoHash, peerId).toString()).getString("failure reason"))
                .startsWith("announce rate limit");

        // unpaired answers get the pairing refusal: proof they passed the rate limit
        for (int i = 0; i < ANSWER_BURST; i++) {
            assertThat(p.request(AnswerRequest.of(infoHash, peerId, Ids.peerId(), Ids.offerId(), Sdp.answer()).toString()).getString("failure reason"))
                    .as("answer %d", i + 1).startsWith("Could not find the offer");
        }
        JsonObject refused = p.request(AnswerRequest.of(infoHash, peerId, Ids.peerId(), Ids.offerId(), Sdp.answer()).toString());
        assertThat(refused.getString("failure reason")).isEqualTo("answer rate limit exceeded, slow down");
        assertThat(refused.getString("info_hash")).isEqualTo(infoHash);
    }

    @Test
    void theScrapeBurstPassesAndTheNextIsRefusedAsAScrape() {
        Peer p = freshClient();
        String infoHash = Ids.infoHash();
        for (int i = 0; i < SCRAPE_BURST; i++) {
            p.scrape(infoHash);
        }
        JsonObject refused = p.request(ScrapeRequest.of(infoHash).toString());

        assertThat(refused.getString("failure reason")).isEqualTo("scrape rate limit exceeded, slow down");
        assertThat(refused.getString("action")).isEqualTo("scrape");
    }

    @Test
    void I60_connectionsOfOneIpShareItsBucketWhileOtherIpsAreNotTouched() {
        String ip = nextIp();
        Peer first = fromIp(ip);
        Peer second = fromIp(ip);
        Peer elsewhere = freshClient();
        String infoHash = Ids.infoHash();
        double before = metric("tracker_rate_limited_total", "kind", "announce", "scope", "ip");

        for (int i = 0; i < ANNOUNCE_BURST; i++) {
            first.announce(ClientAnnounce.of(infoHash, "-first-" + "0".repeat(13)).toString());
        }
        for (int i = ANNOUNCE_BURST; i < IP_ANNOUNCE_BURST; i++) {
            second.announce(ClientAnnounce.of(infoHash, "-second-" + "0".repeat(12)).toString());
        }
        JsonObject refused = second.request(ClientAnnounce.of(infoHash, "-second-" + "0".repeat(12)).toString());

        assertThat(refused.getString("failure reason")).isEqualTo("announce rate limit exceeded, slow down");
        assertThat(metric("tracker_rate_limited_total", "kind", "announce", "scope", "ip")).isEqualTo(before + 1);
        for (int i = 0; i < ANNOUNCE_BURST; i++) {
            elsewhere.announce(ClientAnnounce.of(infoHash, Ids.peerId()).toString());
        }
    }

    @Test
    void aConnectionThatKeepsFloodingIsClosedWith1008WhileAWellBehavedPlayerIsServed() throws Exception {
        // paced within the announce rate (2/s), so only the abuse could make it fail
        try (WellBehavedPlayer player = WellBehavedPlayer.start(freshClient(), Duration.ofMillis(600))) {
            double closedBefore = metric("tracker_connections_closed_total", "reason", "rate_limited");
            int floods = 0;
            // flooders one after another until the player has made enough announces to judge it
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            for (int round = 0; round < 100_000 && player.announces() < 6 && System.nanoTime() < deadline;
                    round++, floods++) {
                flood();
            }
            int closedFloods = floods;
            await().atMost(RunningTracker.WAIT).until(() ->
                    metric("tracker_connections_closed_total", "reason", "rate_limited") == closedBefore + closedFloods);
            player.stopAndAssertServed();
        }
    }

    /** The burst, then MAX_REFUSALS announces over the rate in a row, in one write: closed with 1008. */
    private void flood() {
        try (RawWebSocket flooder = RawWebSocket.connect(tracker.port(), "/",
                Map.of("X-Forwarded-For", nextIp()), 0)) {
            byte[] announce = RawWebSocket.textFrame(ClientAnnounce.of(Ids.infoHash(), Ids.peerId()).toString());
            byte[][] frames = new byte[ANNOUNCE_BURST + MAX_REFUSALS][];
            java.util.Arrays.fill(frames, announce);
            flooder.write(frames);
            assertThat(flooder.awaitCloseCode()).isEqualTo(1008);
        }
    }

    @Test
    void aClientALittleOverItsBurstIsToldAndNotClosed() {
        Peer p = freshClient();
        String infoHash = Ids.infoHash();
        String peerId = Ids.peerId();
        for (int i = 0; i < ANNOUNCE_BURST; i++) {
            p.announce(ClientAnnounce.of(infoHash, peerId).toString());
        }
        for (int i = 0; i < MAX_REFUSALS - 1; i++) {
            assertThat(p.request(ClientAnnounce.of(infoHash, peerId).toString()).getString("failure reason"))
                    .startsWith("announce rate limit");
        }
        assertThat(p.isClosed()).isFalse();
    }
}
