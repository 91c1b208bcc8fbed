package dev.hivecast.tracker.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.net.impl.VertxConnection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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
                    applied.complete(DirectWrites.apply(socket) != null);
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

        assertTrue(applied.get(10, TimeUnit.SECONDS), "DirectWrites.apply returned no connection");
        assertTrue(direct.get(10, TimeUnit.SECONDS), "the socket still has Vert.x's multi-producer queue");
        assertEquals("m0 m1 m2", allThree.get(10, TimeUnit.SECONDS));
    }

    @Test
    void preEncodedTextFramesOfEveryLengthClassArriveIntact() throws Exception {
        // 125/126 and 65535/65536 are where the length field changes from 7 to 16 to 64 bits.
        int[] lengths = {0, 1, 125, 126, 127, 65_535, 65_536, 70_001};
        HttpServer server = vertx.createHttpServer(new HttpServerOptions().setStrictThreadMode(true))
                .webSocketHandler(socket -> {
                    VertxConnection connection = DirectWrites.apply(socket);
                    // After the client's first message: by then its handler is set.
                    socket.textMessageHandler(go -> {
                        for (int length : lengths) {
                            connection.write(TextFrames.encode(connection.channelHandlerContext().alloc(),
                                    text(length).getBytes(StandardCharsets.UTF_8)), false);
                        }
                    });
                });
        int port = server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS).actualPort();

        List<String> received = new ArrayList<>();
        CompletableFuture<List<String>> all = new CompletableFuture<>();
        WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxFrameSize(1 << 20).setMaxMessageSize(1 << 20));
        WebSocket ws = client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/"))
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        ws.textMessageHandler(text -> {
            received.add(text);
            if (received.size() == lengths.length) {
                all.complete(received);
            }
        });
        ws.writeTextMessage("go");

        List<String> texts = all.get(10, TimeUnit.SECONDS);
        for (int i = 0; i < lengths.length; i++) {
            assertEquals(text(lengths[i]), texts.get(i), "frame of " + lengths[i] + " bytes");
        }
    }

    /** {@code length} UTF-8 bytes, with two-byte characters so that bytes and chars differ. */
    private static String text(int length) {
        StringBuilder s = new StringBuilder();
        int bytes = 0;
        while (bytes + 2 <= length) {
            s.append(s.length() % 7 == 0 ? "\u00e9" : "ab");
            bytes += 2;
        }
        return bytes < length ? s.append('x').toString() : s.toString();
    }
}
