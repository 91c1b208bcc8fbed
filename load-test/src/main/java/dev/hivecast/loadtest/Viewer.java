package dev.hivecast.loadtest;

import dev.hivecast.protocol.AnnounceResponse;
import dev.hivecast.protocol.AnswerMessage;
import dev.hivecast.protocol.ClientCodec;
import dev.hivecast.protocol.ErrorResponse;
import dev.hivecast.protocol.OfferMessage;
import dev.hivecast.protocol.OutMessage;
import dev.hivecast.protocol.PeerId;
import dev.hivecast.protocol.ProtocolException;
import io.netty.buffer.Unpooled;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import io.vertx.core.internal.http.WebSocketInternal;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One simulated player: one WebSocket, one peer_id, one swarm at a time. It announces,
 * re-announces with fresh offers on a timer, answers every offer it is sent, switches rendition
 * when told to ({@link RenditionLadder}), and times its own announces and offers. Every method
 * runs on the viewer's event loop, so its state needs no locking.
 */
final class Viewer {

    /** A dropped viewer tries this often to come back, 1 s apart, then gives up. */
    private static final int MAX_RECONNECT_ATTEMPTS = 3;
    private static final long RECONNECT_RETRY_MILLIS = 1000;

    /** What all viewers share. */
    record Crowd(Vertx vertx, LoadOptions options, ViewerRequests requests, LoadStats stats) {
    }

    private final Crowd crowd;
    private final Context context;
    private final RenditionLadder ladder;
    private final long peer;
    private final PeerId peerId;
    private final SplittableRandom random;
    /** Send times of announces whose reply has not come yet; the tracker replies in order. */
    private final ArrayDeque<Long> announcesInFlight = new ArrayDeque<>();
    /** Send time of each unanswered offer, oldest first; bounded, the oldest are given up on. */
    private final Map<String, Long> offersInFlight;
    private WebSocket socket;
    private long timerId = -1;
    private long switchTimerId = -1;
    private boolean stopping;
    /** Where it connects, kept so that a dropped viewer comes back the same way. */
    private WebSocketClient client;
    private WebSocketConnectOptions target;
    /** Dropped by a storm and not yet back: its close is expected, and a reconnect follows. */
    private boolean dropped;
    private long reconnectDelayMillis;
    private int reconnectAttempts;

    /**
     * @param peer   the peer's number, unique over all generator processes (its peer_id)
     * @param stream the swarm it watches ({@link SwarmPopularity})
     */
    Viewer(Crowd crowd, Context context, long peer, int stream, long seed) {
        this.crowd = crowd;
        this.context = context;
        this.peer = peer;
        this.peerId = GeneratedIds.peerId(peer);
        this.random = new SplittableRandom(seed);
        int renditions = crowd.options().renditions();
        this.ladder = new RenditionLadder(stream, renditions, renditions == 1 ? 0 : random.nextInt(renditions));
        int cap = Math.max(64, 8 * crowd.options().offers());
        this.offersInFlight = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                if (size() > cap) {
                    crowd.stats().offersForgotten.increment();
                    return true;
                }
                return false;
            }
        };
    }

    /** Connects on this viewer's event loop; callable from any thread. */
    void connect(WebSocketClient client, WebSocketConnectOptions target) {
        this.client = client;
        this.target = target;
        context.runOnContext(v -> open());
    }

    private void open() {
        client.connect(target).onComplete(ar -> {
            if (ar.succeeded()) {
                onOpen(ar.result());
            } else if (dropped && !stopping && ++reconnectAttempts < MAX_RECONNECT_ATTEMPTS) {
                crowd.vertx().setTimer(RECONNECT_RETRY_MILLIS, id -> open());
            } else {
                if (dropped) {
                    crowd.stats().reconnectsFailed.increment();
                }
                crowd.stats().connectError(ar.cause());
            }
        });
    }

    /** Stops the timer and closes the socket (a normal close, not counted as unexpected). */
    void stop() {
        context.runOnContext(v -> {
            stopping = true;
            cancelTimer();
            if (socket != null && !socket.isClosed()) {
                socket.close();
            }
        });
    }

    /**
     * Leaves for good: {@code stopped} on its swarm first if {@code sendStopped}, as a player
     * leaving a stream does, or only the close, as a closed tab does.
     */
    void leave(boolean sendStopped) {
        context.runOnContext(v -> {
            crowd.stats().leaves.increment();
            if (sendStopped && socket != null && !socket.isClosed() && !stopping) {
                writeText(crowd.requests().stopped(ladder.infoHash(), peerId));
            }
        });
        stop();
    }

    /**
     * Drops the connection without a closing handshake (a TCP reset, as a restarting load
     * balancer gives) and reconnects with the same peer_id after {@code delayMillis}.
     */
    void drop(long delayMillis) {
        context.runOnContext(v -> {
            if (stopping || dropped || socket == null || socket.isClosed()) {
                return;
            }
            dropped = true;
            reconnectDelayMillis = delayMillis;
            reconnectAttempts = 0;
            crowd.stats().drops.increment();
            if (socket instanceof WebSocketInternal internal) {
                Channel channel = internal.channelHandlerContext().channel();
                channel.config().setOption(ChannelOption.SO_LINGER, 0);
                channel.close();
            } else {
                socket.close((short) 1001, "storm");
            }
        });
    }

    private void onOpen(WebSocket ws) {
        socket = ws;
        LoadStats stats = crowd.stats();
        stats.connectionsOpened.increment();
        if (dropped) {
            dropped = false;
            stats.reconnects.increment();
            announcesInFlight.clear(); // their replies went down with the old connection
        }
        // Text and binary messages alike: the tracker never fragments a message.
        ws.handler(b -> onMessage(b.getBytes()));
        ws.exceptionHandler(e -> { }); // a close follows, and is what gets counted
        ws.closeHandler(v -> onClose());
        if (stopping) {
            ws.close();
            return;
        }
        announce(true);
        LoadOptions options = crowd.options();
        if (options.mode() == LoadOptions.Mode.RELAY) {
            long interval = options.intervalMillis();
            // A random phase per viewer spreads the re-announces evenly over the interval.
            timerId = crowd.vertx().setPeriodic(1 + random.nextLong(interval), interval, id -> {
                if (RenditionLadder.switchAtReannounce(options.switchProbability(), random)) {
                    switchRendition();
                } else {
                    announce(false);
                }
            });
            if (options.switchIntervalSeconds() > 0) {
                long every = options.switchIntervalSeconds() * 1000L;
                switchTimerId = crowd.vertx().setPeriodic(1 + random.nextLong(every), every, id -> switchRendition());
            }
        }
    }

    private void announce(boolean started) {
        if (socket == null || socket.isClosed()) {
            crowd.stats().sendsSkipped.increment();
            return;
        }
        long now = System.nanoTime();
        byte[] frame = crowd.requests().announce(started, ladder.infoHash(), peerId, crowd.options().offers(), newOffers(now), random);
        announcesInFlight.addLast(now);
        writeText(frame);
        crowd.stats().announcesSent.increment();
    }

    /** {@code stopped} on the old rendition's swarm, {@code started} on the new one's: two announces, two replies. */
    private void switchRendition() {
        if (socket == null || socket.isClosed()) {
            crowd.stats().sendsSkipped.increment();
            return;
        }
        long now = System.nanoTime();
        for (byte[] frame : ladder.switchFrames(crowd.requests(), peerId, newOffers(now), random)) {
            announcesInFlight.addLast(now);
            writeText(frame);
            crowd.stats().announcesSent.increment();
        }
        crowd.stats().switches.increment();
    }

    private String[] newOffers(long now) {
        String[] offerIds = new String[crowd.options().offers()];
        for (int i = 0; i < offerIds.length; i++) {
            offerIds[i] = GeneratedIds.offerId(random);
            offersInFlight.put(offerIds[i], now);
        }
        return offerIds;
    }

    private void onMessage(byte[] frame) {
        long now = System.nanoTime();
        LoadStats stats = crowd.stats();
        OutMessage reply;
        try {
            reply = crowd.requests().codec().parseReply(frame);
        } catch (ProtocolException e) {
            if (ClientCodec.NOT_A_REPLY.equals(e.reason())) {
                stats.otherReceived.increment();
            } else {
                stats.unparseableReceived.increment();
            }
            return;
        }
        if (reply instanceof AnnounceResponse) {
            stats.repliesReceived.increment();
            Long sentAt = announcesInFlight.pollFirst();
            if (sentAt != null) {
                stats.recordAnnounceRtt(now - sentAt);
            }
        } else if (reply instanceof OfferMessage offer) {
            stats.offersReceived.increment();
            if (stats.networks() != null) {
                stats.networks().offerReceived(peer, offer.peerId());
            }
            if (offer.infoHash().equals(ladder.infoHash())) {
                answer(offer);
            } else {
                stats.offersForOldRendition.increment(); // that rendition's client is gone
            }
        } else if (reply instanceof AnswerMessage answer) {
            stats.answersReceived.increment();
            Long sentAt = offersInFlight.remove(answer.offerId());
            if (sentAt != null) {
                stats.recordOfferToAnswer(now - sentAt);
            } else {
                stats.answersUnmatched.increment();
            }
        } else if (reply instanceof ErrorResponse failure) {
            stats.failure(failure.reason());
        } else {
            stats.otherReceived.increment(); // a scrape reply: the generator never scrapes
        }
    }

    private void answer(OfferMessage offer) {
        if (stopping || socket.isClosed()) {
            crowd.stats().sendsSkipped.increment();
            return;
        }
        writeText(crowd.requests().answer(ladder.infoHash(), peerId, offer.peerId(), offer.offerId(), random));
        crowd.stats().answersSent.increment();
    }

    /** The bytes as one text message, without the round trip through a String writeTextMessage takes. */
    private void writeText(byte[] frame) {
        socket.writeFrame(new WebSocketFrameImpl(WebSocketFrameType.TEXT, Unpooled.wrappedBuffer(frame), true));
    }

    private void onClose() {
        LoadStats stats = crowd.stats();
        stats.connectionsClosed.increment();
        if (!stopping && !dropped) {
            stats.unexpectedCloses.increment();
        }
        cancelTimer();
        if (dropped && !stopping) {
            crowd.vertx().setTimer(Math.max(1, reconnectDelayMillis), id -> open());
        }
    }

    private void cancelTimer() {
        if (timerId >= 0) {
            crowd.vertx().cancelTimer(timerId);
            timerId = -1;
        }
        if (switchTimerId >= 0) {
            crowd.vertx().cancelTimer(switchTimerId);
            switchTimerId = -1;
        }
    }
}
