package dev.hivecast.tracker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.hivecast.protocol.ClientAnnounce;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * docs/protocol.md#i59, the list served over HTTP: the tracker polls the URL (a JDK HTTP server on
 * 127.0.0.1 here), applies a changed list and evicts what it no longer allows; an error answer
 * keeps the last good list.
 */
class InfoHashListUrlIT extends TrackerTestBase {

    private static final Duration RELOAD_BOUND = Duration.ofSeconds(5);

    private final String first = Ids.infoHash();
    private final String second = Ids.infoHash();
    private volatile String body = first + "\n" + second + "\n";
    private volatile int status = 200;
    private HttpServer listServer;

    @Override
    protected String[] flags() {
        try {
            listServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        listServer.createContext("/allowlist.txt", exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.ISO_8859_1); // the 20-character ids, byte for byte
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        listServer.start();
        String url = "http://127.0.0.1:" + listServer.getAddress().getPort() + "/allowlist.txt";
        return new String[] {"--access.info-hash-allowlist", url, "--access.list-reload-interval", "1s"};
    }

    @AfterAll
    void stopListServer() {
        listServer.stop(0);
    }

    @Test
    void I59_aListChangedAtItsUrlIsAppliedAndTheRemovedSwarmEvicted_anErrorAnswerKeepsTheLastGoodList() {
        Peer a = member(first, Ids.peerId());
        Peer b = member(second, Ids.peerId());
        JsonObject refusal = a.request(ClientAnnounce.started(Ids.infoHash(), Ids.peerId()).toString());
        assertThat(refusal.getString("failure reason")).isEqualTo("Info hash not allowed");

        body = second + "\n";
        tracker.awaitStats("the first swarm evicted", s -> s.getInteger("swarms") == 1 && s.getInteger("members") == 1);
        assertThat(a.request(ClientAnnounce.started(first, Ids.peerId()).toString()).getString("failure reason"))
                .isEqualTo("Info hash not allowed");

        double failuresBefore = metric("tracker_access_list_reload_failures_total", "list", "allowlist");
        status = 500;
        await("the failed fetch is counted").atMost(RELOAD_BOUND).pollInterval(Duration.ofMillis(100))
                .until(() -> metric("tracker_access_list_reload_failures_total", "list", "allowlist") > failuresBefore);
        assertThat(b.announce(ClientAnnounce.of(second, Ids.peerId()).toString()).getInteger("incomplete"))
                .as("the last good list stays in force").isEqualTo(1);
        status = 200;
    }
}
