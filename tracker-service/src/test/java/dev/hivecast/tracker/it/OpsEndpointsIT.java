package dev.hivecast.tracker.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivecast.protocol.AnswerRequest;
import dev.hivecast.protocol.ClientAnnounce;
import dev.hivecast.protocol.Event;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/protocol.md#i63: /health, /ready and /stats, here on the public port (no admin.port set). */
class OpsEndpointsIT extends TrackerTestBase {

    @Test
    void I63_healthIs200Json() {
        HttpResponse<String> health = tracker.get("/health");

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(new JsonObject(health.body()).getString("status")).isEqualTo("UP");
    }

    @Test
    void I63_readyIs200WhileServing() {
        HttpResponse<String> ready = tracker.get("/ready");

        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(ready.body()).getString("status")).isEqualTo("READY");
    }

    @Test
    void I63_statsCountsConnectionsSwarmsPeersAndRelays() {
        String a = Ids.infoHash();
        String b = Ids.infoHash();
        String leecherId = Ids.peerId();
        Peer leecher = member(a, leecherId);
        String seederId = Ids.peerId();
        Peer seeder = peer();
        seeder.announce(ClientAnnounce.of(a, seederId).withEvent(Event.STARTED).withLeft(0).toString());
        Peer twoSwarms = member(a, Ids.peerId());
        twoSwarms.announce(ClientAnnounce.started(b, Ids.peerId()).toString());
        peer().scrape(a); // a connection that holds no peer

        String offerId = Ids.offerId();
        String otherOfferId = Ids.offerId();
        leecher.announce(ClientAnnounce.of(a, leecherId).withOffers(Sdp.offers(List.of(offerId, otherOfferId))).toString());
        JsonObject offer = seeder.next();
        seeder.send(AnswerRequest.of(a, seederId, leecherId, offer.getString("offer_id"), Sdp.answer()).toString());
        assertThat(leecher.next().getJsonObject("answer").getString("type")).isEqualTo("answer");
        twoSwarms.next();

        JsonObject stats = tracker.awaitStats("the relays in the per-second rate",
                s -> s.getJsonObject("perSecond").getDouble("relayed") > 0);
        assertThat(stats.getInteger("connections")).isEqualTo(4);
        assertThat(stats.getInteger("swarms")).isEqualTo(2);
        assertThat(stats.getInteger("members")).isEqualTo(4);
        assertThat(stats.getInteger("seeders")).isEqualTo(1);
        assertThat(stats.getInteger("leechers")).isEqualTo(3);
        assertThat(stats.getJsonObject("totals").getLong("offersRelayed")).isEqualTo(2);
        assertThat(stats.getJsonObject("totals").getLong("answersRelayed")).isEqualTo(1);
        assertThat(stats.getLong("uptimeSeconds")).isNotNegative();
        assertThat(stats.getString("version")).isNotBlank();
        assertThat(stats.getBoolean("draining")).isFalse();
        assertThat(tracker.get("/stats").body()).as("/stats without Accept is the same JSON").contains("\"connections\"");
    }

    @Test
    void I63_statsForABrowserIsAnHtmlPage() {
        member(Ids.infoHash(), Ids.peerId());

        HttpResponse<String> page = tracker.get(tracker.opsPort(), "/stats", "text/html,application/xhtml+xml,*/*;q=0.8");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type").orElse("")).startsWith("text/html");
        assertThat(page.body()).startsWith("<!doctype html>").contains("<table>")
                .contains("<tr><td>Connections</td><td>1</td></tr>");
    }

    @Test
    void anUnknownPathIs404AndTheWebSocketPortStillUpgrades() {
        assertThat(tracker.get("/metrics-that-do-not-exist").statusCode()).isEqualTo(404);
        peer("/stats").announce(ClientAnnounce.started(Ids.infoHash(), Ids.peerId()).toString());
    }
}
