package dev.hivecast.tracker.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivecast.protocol.ClientAnnounce;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The pages on the public port, over HTTP (docs/pages.md): what they are served with, what the
 * self-test's rules probe answers, and {@code pages.enabled} / {@code pages.live-figures} off.
 * What they do in a browser is tested in Chromium by pages/test.
 */
class PagesIT {

    private static final String SITE = "https://player.example.com";
    private static final List<String> PAGES = List.of("/", "/check", "/demo");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void thePagesAndTheirFilesAreServedOnThePublicPortEvenWithAnAdminPort() {
        try (RunningTracker tracker = RunningTracker.start("--admin.port", "0", "--public-url", "wss://t.example.com/live")) {
            for (String page : PAGES) {
                HttpResponse<String> response = tracker.get(tracker.port(), page, null);
                assertThat(response.statusCode()).as(page).isEqualTo(200);
                assertThat(response.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
                assertThat(response.headers().firstValue("content-security-policy").orElse(""))
                        .as("scripts from the tracker only").contains("script-src 'self'").contains("frame-ancestors");
                assertThat(response.body()).contains("\"announceUrl\":\"wss://t.example.com/live\"");
            }
            HttpResponse<String> hls = tracker.get(tracker.port(), "/pages/vendor/hls.js/dist/hls.min.mjs", null);
            assertThat(hls.statusCode()).isEqualTo(200);
            assertThat(hls.body().length()).isGreaterThan(100_000);
            assertThat(hls.headers().firstValue("content-type")).hasValue("text/javascript; charset=utf-8");
            HttpResponse<String> check = tracker.get(tracker.port(), "/pages/check.js", null);
            assertThat(check.headers().firstValue("access-control-allow-origin"))
                    .as("the self-test may be embedded in the operator's site").hasValue("*");
            assertThat(tracker.get(tracker.port(), "/pages/no-such-file.js", null).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void theLiveFiguresAreNodeWideCountsOnly() throws Exception {
        try (RunningTracker tracker = RunningTracker.start(); Clients clients = new Clients()) {
            clients.connect(tracker.port()).announce(ClientAnnounce.started(Ids.infoHash(), Ids.peerId()).toString());
            JsonObject live = new JsonObject(tracker.get(tracker.port(), "/pages/live.json", null).body());
            assertThat(live.fieldNames()).isEqualTo(Set.of("connections", "swarms", "members", "messagesPerSecond",
                    "relayedPerSecond", "clusterNodes", "draining", "uptimeSeconds"));
            assertThat(live.getInteger("clusterNodes")).isEqualTo(1);
        }
    }

    @Test
    void theRulesProbeAnswersWhatTheUpgradeGateWould() throws Exception {
        try (RunningTracker tracker = RunningTracker.start("--access.origin-allowlist", SITE,
                "--access.url-secret", "a-secret-of-sixteen-or-more")) {
            assertThat(probe(tracker, "https://elsewhere.example.com", "/"))
                    .isEqualTo(new JsonObject().put("origin", "https://elsewhere.example.com").put("allowed", false)
                            .put("reason", "origin_not_allowed").put("status", 403));
            assertThat(probe(tracker, SITE, "/").getString("reason")).isEqualTo("token_missing");
            assertThat(probe(tracker, SITE, "/?token=forged").getString("reason")).isEqualTo("token_invalid");
            HttpResponse<String> tooLong = post(tracker, SITE, "/" + "a".repeat(3000));
            assertThat(tooLong.statusCode()).isEqualTo(400);
            assertThat(tooLong.body()).contains("at most 2048 characters");
        }
    }

    @Test
    void withPagesOffEveryPageAndFileIs404AndSlashStillUpgrades() throws Exception {
        try (RunningTracker tracker = RunningTracker.start("--pages.enabled", "false"); Clients clients = new Clients()) {
            Peer peer = clients.connect(tracker.port());
            for (String path : List.of("/", "/check", "/demo", "/pages/check.js", "/pages/live.json",
                    "/pages/settings.json", "/pages/vendor/hls.js/dist/hls.min.mjs")) {
                assertThat(tracker.get(tracker.port(), path, null).statusCode()).as(path).isEqualTo(404);
            }
            assertThat(post(tracker, SITE, "/").statusCode()).isEqualTo(404);
            JsonObject reply = peer.announce(ClientAnnounce.started(Ids.infoHash(), Ids.peerId()).toString());
            assertThat(reply.containsKey("interval")).as("the announce on / is answered").isTrue();
        }
        try (RunningTracker tracker = RunningTracker.start("--pages.live-figures", "false")) {
            assertThat(tracker.get(tracker.port(), "/", null).statusCode()).isEqualTo(200);
            assertThat(tracker.get(tracker.port(), "/pages/live.json", null).statusCode()).isEqualTo(404);
        }
    }

    private static JsonObject probe(RunningTracker tracker, String origin, String url) throws Exception {
        HttpResponse<String> response = post(tracker, origin, url);
        assertThat(response.statusCode()).isEqualTo(200);
        return new JsonObject(response.body());
    }

    private static HttpResponse<String> post(RunningTracker tracker, String origin, String url) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + tracker.port()
                        + "/pages/access?url=" + URLEncoder.encode(url, StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(5)).header("Origin", origin)
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
