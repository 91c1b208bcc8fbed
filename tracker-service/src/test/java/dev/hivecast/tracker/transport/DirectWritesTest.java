package dev.hivecast.tracker.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * DirectWrites reaches into Vert.x internals: this pins that it still works on the Vert.x this
 * build ships, over a real WebSocket, so an upgrade that changes those internals fails here.
 */
class DirectWritesTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aServerWebSocketSwitchedToDirectWritesStillDeliversEveryFrameInOrder() throws Exception {
        CompletableFuture<Boolean> applied = new CompletableFuture<>();
        CompletableFuture<Boolean> direct = new CompletableFuture<>();
        HttpServer server = vertx.createHttpServer(new HttpServerOptions().setStrictThreadMode(true))
                .webSocketHandler(socket -> {
                    applied.complete(DirectWrites.apply(socket));
                    try {
                        direct.complete(DirectWrites.isDirect(socket));
                    } catch (ReflectiveOperationException e) {
                        direct.completeExceptionally(e);
                    }
                    socket.textMessageHandler(text -> {
                        for (int i = 0; i < 3; i++) {
                            socket.writeTextMessage(text + i);
                        }
                    });
                });
        int port = server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS).actualPort();

        StringBuilder received = new StringBuilder();
        CompletableFuture<String> allThree = new CompletableFuture<>();
        WebSocketClient client = vertx.createWebSocketClient();
        WebSocket ws = client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/"))
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        ws.textMessageHandler(text -> {
            received.append(text).append(' ');
            if (text.endsWith("2")) {
                allThree.complete(received.toString().trim());
            }
        });
        ws.writeTextMessage("m");

        assertTrue(applied.get(10, TimeUnit.SECONDS), "DirectWrites.apply returned false");
        assertTrue(direct.get(10, TimeUnit.SECONDS), "the socket still has Vert.x's multi-producer queue");
        assertEquals("m0 m1 m2", allThree.get(10, TimeUnit.SECONDS));
    }
}
