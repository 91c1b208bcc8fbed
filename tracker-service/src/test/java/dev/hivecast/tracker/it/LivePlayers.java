package dev.hivecast.tracker.it;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small live audience for the dashboard test: players on real WebSocket connections that
 * announce with offers on a timer, answer every offer they get, scrape now and then and send a
 * malformed request once in a while, the way a busy but healthy stream looks to the tracker.
 * Runs on a Vert.x of its own, never the tracker's.
 */
final class LivePlayers implements AutoCloseable {

    private static final String SDP = "v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\n"
            + "a=candidate:1 1 udp 2122260223 127.0.0.1 54321 typ host\r\n".repeat(8);

    private final Vertx vertx = Vertx.vertx();
    private final WebSocketClient client = vertx.createWebSocketClient();
    private final List<WebSocket> sockets = new ArrayList<>();
    private final AtomicLong answersSent = new AtomicLong();
    private final AtomicLong ids = new AtomicLong();

    private LivePlayers() {
    }

    /** {@code swarms} swarms of {@code players} players each, every player announcing every {@code tickMillis}. */
    static LivePlayers start(int port, int swarms, int players, long tickMillis) {
        LivePlayers live = new LivePlayers();
        for (int s = 0; s < swarms; s++) {
            String infoHash = Ids.infoHash();
            for (int p = 0; p < players; p++) {
                live.join(port, infoHash, Ids.peerId(), tickMillis);
            }
        }
        return live;
    }

    long answersSent() {
        return answersSent.get();
    }

    private void join(int port, String infoHash, String peerId, long tickMillis) {
        WebSocket ws;
        try {
            ws = client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/"))
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("player could not connect", e);
        }
        sockets.add(ws);
        ws.textMessageHandler(text -> {
            JsonObject m = new JsonObject(text);
            if (m.containsKey("offer")) {
                ws.writeTextMessage(new JsonObject().put("action", "announce").put("info_hash", infoHash)
                        .put("peer_id", peerId).put("to_peer_id", m.getString("peer_id"))
                        .put("offer_id", m.getString("offer_id"))
                        .put("answer", new JsonObject().put("type", "answer").put("sdp", SDP)).encode());
                answersSent.incrementAndGet();
            }
        });
        ws.writeTextMessage(announce(infoHash, peerId, "started", 0).encode());
        long[] tick = {0};
        vertx.setPeriodic(tickMillis, id -> {
            if (ws.isClosed()) {
                vertx.cancelTimer(id);
                return;
            }
            tick[0]++;
            ws.writeTextMessage(announce(infoHash, peerId, null, 2).encode());
            if (tick[0] % 5 == 0) {
                ws.writeTextMessage(new JsonObject().put("action", "scrape").put("info_hash", infoHash).encode());
            }
            if (tick[0] % 20 == 0) {
                ws.writeTextMessage("{\"action\":\"announce\"}"); // a client bug: no info_hash
            }
        });
    }

    private JsonObject announce(String infoHash, String peerId, String event, int offers) {
        JsonObject a = new JsonObject().put("action", "announce").put("info_hash", infoHash).put("peer_id", peerId)
                .put("numwant", offers).put("uploaded", 0).put("downloaded", 0);
        if (event != null) {
            a.put("event", event);
        }
        JsonArray list = new JsonArray();
        for (int i = 0; i < offers; i++) {
            list.add(new JsonObject().put("offer_id", String.format("live-offer-%010d", ids.incrementAndGet()))
                    .put("offer", new JsonObject().put("type", "offer").put("sdp", SDP)));
        }
        return offers == 0 ? a : a.put("offers", list);
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
