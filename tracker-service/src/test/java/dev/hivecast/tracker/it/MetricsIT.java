package dev.hivecast.tracker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hivecast.protocol.AnswerRequest;
import dev.hivecast.protocol.ClientAnnounce;
import dev.hivecast.protocol.Event;
import dev.hivecast.protocol.Offer;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * The observability issue: after real players (WebSocket clients on loopback) announced, offered,
 * answered, scraped, misbehaved and left, /metrics exports every metric of the Metrics table of docs/metrics.md
 * with its documented type and label values, nothing under {@code tracker_} that the table does
 * not document, and counts that match what the players did.
 */
class MetricsIT extends TrackerTestBase {

    @Override
    protected String[] flags() {
        // Short offer life and sweeps, so an unanswered offer expires within the test; two invalid
        // messages in a row close a connection.
        return new String[] {"--announce.offer-ttl", "1s", "--announce.sweep-interval", "1s",
                "--connection.max-invalid-messages", "2"};
    }

    @Test
    void afterARealClientRun_everyDocumentedMetricIsExportedWithItsTypeAndLabels() {
        runPlayers();
        System.gc(); // the JVM's GC pause summary appears after the first collection
        // ... as reported by a JMX notification, which arrives on another thread some time later
        // (a scrape right after the collection sometimes missed it when many classes shared the JVM)
        await("the GC pause summary").atMost(RunningTracker.WAIT).pollInterval(java.time.Duration.ofMillis(50))
                .until(() -> tracker.get("/metrics").body().contains("jvm_gc_pause_seconds_count"));
        PrometheusText metrics = scrape();
        DocumentedMetrics documented = DocumentedMetrics.fromReadme();
        assertThat(documented.metrics()).as("rows of the Metrics table of docs/metrics.md").hasSizeGreaterThan(40);

        SoftAssertions soft = new SoftAssertions();
        for (DocumentedMetrics.Metric m : documented.metrics()) {
            soft.assertThat(metrics.types().get(m.name())).as("# TYPE of %s", m.name()).isEqualTo(m.type());
            soft.assertThat(metrics.family(m.name())).as("samples of %s", m.name()).isNotEmpty();
            if ("histogram".equals(m.type())) {
                soft.assertThat(metrics.family(m.name()).stream().anyMatch(s -> s.name().endsWith("_bucket")))
                        .as("%s has buckets", m.name()).isTrue();
            }
            soft.assertThat(metrics.labelNames(m.name())).as("label names of %s", m.name())
                    .isEqualTo(new java.util.TreeSet<>(m.labels().keySet()));
            for (Map.Entry<String, List<String>> label : m.labels().entrySet()) {
                if (!label.getValue().isEmpty()) {
                    soft.assertThat(metrics.labelValues(m.name(), label.getKey()))
                            .as("values of %s{%s}", m.name(), label.getKey())
                            .containsExactlyInAnyOrderElementsOf(label.getValue());
                }
            }
        }
        soft.assertAll();
    }

    @Test
    void everyExportedTrackerMetricIsInTheReadme() {
        PrometheusText metrics = scrape();
        DocumentedMetrics documented = DocumentedMetrics.fromReadme();
        Set<String> undocumented = new HashSet<>();
        for (String family : metrics.types().keySet()) {
            if (!family.startsWith("tracker_")) {
                continue;
            }
            // A histogram's _max gauge comes with it.
            String base = family.endsWith("_max") ? family.substring(0, family.length() - 4) : family;
            if (documented.get(family) == null && documented.get(base) == null) {
                undocumented.add(family);
            }
        }
        assertThat(undocumented).as("tracker_ metrics missing from the Metrics table of docs/metrics.md").isEmpty();
    }

    @Test
    void afterARealClientRun_theCountsMatchWhatThePlayersDid() {
        PrometheusText before = scrape();
        Players run = runPlayers();
        PrometheusText after = scrape();

        SoftAssertions soft = new SoftAssertions();
        delta(soft, before, after, 5, "tracker_announces_total", "event", "started");
        delta(soft, before, after, 1, "tracker_announces_total", "event", "completed");
        delta(soft, before, after, 1, "tracker_announces_total", "event", "stopped");
        delta(soft, before, after, 2, "tracker_announces_total", "event", "update");
        delta(soft, before, after, 1, "tracker_scrapes_total");
        delta(soft, before, after, 2, "tracker_answers_received_total");
        delta(soft, before, after, 2, "tracker_failures_total", "reason", "invalid_request");
        delta(soft, before, after, 1, "tracker_failures_total", "reason", "no_matching_offer");
        delta(soft, before, after, 2, "tracker_offers_relayed_total", "destination", "same_node");
        delta(soft, before, after, 1, "tracker_answers_relayed_total", "destination", "same_node");
        delta(soft, before, after, 1, "tracker_offers_answered_total");
        delta(soft, before, after, 1, "tracker_offer_answer_seconds_count");
        delta(soft, before, after, 1, "tracker_answers_dropped_total", "reason", "unpaired");
        delta(soft, before, after, 1, "tracker_offers_dropped_total", "reason", "expired");
        delta(soft, before, after, 7, "tracker_connections_opened_total");
        delta(soft, before, after, 1, "tracker_connections_closed_total", "reason", "invalid_messages");
        delta(soft, before, after, 1, "tracker_connections_closed_total", "reason", "client");
        delta(soft, before, after, 0, "tracker_offers_relayed_total", "destination", "other_node");
        soft.assertThat(after.sum("tracker_messages_received_total") - before.sum("tracker_messages_received_total"))
                .as("messages received").isGreaterThanOrEqualTo(run.messagesSent);
        soft.assertThat(after.sum("tracker_received_bytes_total")).as("bytes received").isGreaterThan(before.sum("tracker_received_bytes_total"));
        soft.assertThat(after.sum("tracker_sent_bytes_total")).as("bytes sent").isGreaterThan(before.sum("tracker_sent_bytes_total"));
        soft.assertThat(after.sum("tracker_message_handling_seconds_count"))
                .as("timed messages, one in 8").isGreaterThan(before.sum("tracker_message_handling_seconds_count"));
        soft.assertThat(after.value("tracker_event_loop_delay_seconds_count")).as("event-loop delay samples").isPositive();
        soft.assertThat(after.value("tracker_offer_answer_seconds_sum") - before.value("tracker_offer_answer_seconds_sum"))
                .as("offer-to-answer seconds").isPositive().isLessThan(run.answerWithinSeconds);
        soft.assertThat(run.audience.value("tracker_connections")).as("connections while the players were on").isGreaterThanOrEqualTo(4);
        soft.assertThat(run.audience.value("tracker_members")).as("peers").isGreaterThanOrEqualTo(4);
        soft.assertThat(run.audience.value("tracker_seeders")).as("seeders").isGreaterThanOrEqualTo(1);
        soft.assertThat(run.audience.value("tracker_leechers")).as("leechers").isGreaterThanOrEqualTo(3);
        soft.assertThat(run.audience.value("tracker_swarms")).as("swarms").isGreaterThanOrEqualTo(2);
        soft.assertThat(after.value("tracker_event_loops")).isEqualTo(2);
        soft.assertThat(after.value("tracker_cluster_nodes")).as("a lone node").isEqualTo(1);
        soft.assertThat(after.value("tracker_draining")).isZero();
        soft.assertAll();
    }

    /**
     * insight.ice-candidates (on by default): each relayed offer moves the counter of every ICE
     * candidate kind its SDP carries by one, however many candidates of that kind it has.
     */
    @Test
    void relayedOffersMoveTheCandidateCountersByExactlyTheKindsTheyCarry() {
        String swarm = Ids.infoHash();
        String offererId = Ids.peerId();
        Peer offerer = member(swarm, offererId);
        List<Peer> receivers = List.of(member(swarm, Ids.peerId()), member(swarm, Ids.peerId()),
                member(swarm, Ids.peerId()), member(swarm, Ids.peerId()));
        String mdnsHost = "a=candidate:1 1 udp 2122260223 0d5a1c2e-1f3b-4c5d-8e9f-a0b1c2d3e4f5.local 50000 typ host"
                + " generation 0\r\n";
        String host = "a=candidate:2 1 udp 2122260223 192.168.1.23 50000 typ host generation 0\r\n"
                + "a=candidate:3 1 tcp 1518280447 192.168.1.23 9 typ host tcptype active generation 0\r\n";
        String srflx = "a=candidate:4 1 udp 1686052607 203.0.113.7 50000 typ srflx raddr 0.0.0.0 rport 0\r\n";
        String relay = "a=candidate:5 1 udp 33562367 198.51.100.20 61066 typ relay raddr 203.0.113.7 rport 50000\r\n";
        String prflx = "a=candidate:6 1 udp 1845501695 203.0.113.9 40000 typ prflx raddr 0.0.0.0 rport 0\r\n";
        List<Offer> offers = List.of(
                Offer.of(Ids.offerId(), sdp(mdnsHost + srflx + relay)), // a browser with STUN and TURN
                Offer.of(Ids.offerId(), sdp(host)), // STUN blocked or not configured
                Offer.of(Ids.offerId(), sdp("")), // candidates trickled, none in the SDP
                Offer.of(Ids.offerId(), sdp(prflx + relay + relay)));
        PrometheusText before = scrape();
        offerer.announce(ClientAnnounce.of(swarm, offererId).withOffers(offers).toString());
        for (Peer receiver : receivers) {
            assertThat(receiver.next().getJsonObject("offer")).as("an offer relayed to each receiver").isNotNull();
        }
        PrometheusText after = scrape();

        Map<String, Double> expected = Map.of("host", 1.0, "mdns", 1.0, "srflx", 1.0, "prflx", 1.0, "relay", 2.0);
        SoftAssertions soft = new SoftAssertions();
        expected.forEach((kind, n) -> soft.assertThat(after.value("tracker_offer_candidates_total", "kind", kind)
                - before.value("tracker_offer_candidates_total", "kind", kind)).as("offers with %s", kind).isEqualTo(n));
        soft.assertThat(grew(before, after, "tracker_offers_ice_read_total")).as("offers read").isEqualTo(4);
        soft.assertThat(grew(before, after, "tracker_offers_without_candidates_total")).isEqualTo(1);
        soft.assertThat(grew(before, after, "tracker_offers_without_srflx_total")).isEqualTo(3);
        soft.assertAll();
    }

    /** An offer SDP with these candidate lines between a header and a tail. */
    private static String sdp(String candidateLines) {
        return "v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
                + "m=application 50000 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\n" + candidateLines
                + "a=ice-ufrag:Yv7q\r\na=ice-pwd:a8kJ2m7pQ4x9Lr1bZ3c5N6d0\r\na=setup:actpass\r\n";
    }

    private static double grew(PrometheusText before, PrometheusText after, String name) {
        return after.value(name) - before.value(name);
    }

    /** What {@link #runPlayers} leaves for the assertions. */
    private record Players(int messagesSent, double answerWithinSeconds, PrometheusText audience) {
    }

    /**
     * Seven connections: an offer answered, an answer repeated (unpaired), an offer never
     * answered (expires), a scrape, completed and stopped announces, garbage until closed, and a
     * player that hangs up.
     */
    private Players runPlayers() {
        long started = System.nanoTime();
        String a = Ids.infoHash();
        String leecherId = Ids.peerId();
        Peer leecher = member(a, leecherId);
        String seederId = Ids.peerId();
        Peer seeder = peer();
        seeder.announce(ClientAnnounce.of(a, seederId).withEvent(Event.STARTED).withLeft(0).toString());
        String thirdId = Ids.peerId();
        Peer third = member(a, thirdId);

        // An offer to each of the two others; the seeder answers, twice (the second is unpaired).
        leecher.announce(ClientAnnounce.of(a, leecherId).withOffers(Sdp.offers(List.of(Ids.offerId(), Ids.offerId()))).toString());
        JsonObject offer = seeder.next();
        third.next();
        String answer = AnswerRequest.of(a, seederId, leecherId, offer.getString("offer_id"), Sdp.answer()).toString();
        seeder.send(answer);
        assertThat(leecher.next().getJsonObject("answer")).isNotNull();
        seeder.send(answer);
        assertThat(seeder.next().getString("failure reason")).contains("Could not find the offer");
        double answerWithin = (System.nanoTime() - started) / 1e9;

        // A swarm of two where the only offer is never answered: it expires (offer-ttl 1 s).
        String b = Ids.infoHash();
        String quietId = Ids.peerId();
        Peer quiet = member(b, quietId);
        Peer silent = member(b, Ids.peerId());
        quiet.announce(ClientAnnounce.of(b, quietId).withOffers(Sdp.offers(1)).toString());
        silent.next();

        leecher.scrape(a);
        leecher.announce(ClientAnnounce.of(a, leecherId).withEvent(Event.COMPLETED).withLeft(0).toString());
        PrometheusText audience = scrape();

        Peer garbage = peer();
        garbage.send("this is not JSON");
        garbage.send("{\"action\":\"announce\"}");
        assertThat(garbage.awaitClose()).isEqualTo((short) 1008);

        Peer leaving = member(Ids.infoHash(), Ids.peerId());
        leaving.close();
        third.announce(ClientAnnounce.of(a, thirdId).withEvent(Event.STOPPED).toString());

        await("the unanswered offer expires").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> scrape().value("tracker_offers_dropped_total", "reason", "expired") > 0);
        // 6 announces with started, 2 with offers (update), completed, stopped, scrape, 2 answers, 2 garbage
        return new Players(15, answerWithin, audience);
    }

    private void delta(SoftAssertions soft, PrometheusText before, PrometheusText after, double atLeast,
                       String name, String... labels) {
        double d = after.value(name, labels) - before.value(name, labels);
        if (atLeast == 0) {
            soft.assertThat(d).as("%s %s grew by", name, List.of(labels)).isZero();
        } else {
            soft.assertThat(d).as("%s %s grew by", name, List.of(labels)).isGreaterThanOrEqualTo(atLeast);
        }
    }

    private PrometheusText scrape() {
        HttpResponse<String> response = tracker.get("/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type").orElse("")).startsWith("text/plain; version=0.0.4");
        return PrometheusText.parse(response.body());
    }
}
