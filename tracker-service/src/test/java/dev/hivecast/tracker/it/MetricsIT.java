package dev.hivecast.tracker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hivecast.protocol.AnswerRequest;
import dev.hivecast.protocol.ClientAnnounce;
import dev.hivecast.protocol.Event;
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
