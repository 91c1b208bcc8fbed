package dev.hivecast.tracker.it.cluster;

import dev.hivecast.protocol.AnswerRequest;
import dev.hivecast.protocol.ClientAnnounce;
import dev.hivecast.protocol.Event;
import dev.hivecast.protocol.ScrapeRequest;
import dev.hivecast.tracker.it.Sdp;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One player in one swarm, connected to one node, speaking the raw protocol without waiting:
 * replies are matched to requests in order (the tracker answers one connection's announces and
 * scrapes in the order sent), while offers and answers are recorded with their arrival time as
 * they come. A peer that answers offers does so at once, once per offer, as a browser would.
 */
final class SwarmPeer {

    /** Close code recorded when the connection ended without a close frame. */
    static final short NO_CLOSE_FRAME = 1006;

    /** An offer or answer as received: whose, from which peer_id, when (System.nanoTime()). */
    record Signal(String offerId, String fromPeerId, String infoHash, long atNanos) {
    }

    /** A reply to an announce or scrape, and when it arrived (System.nanoTime()). */
    record Reply(JsonObject json, long atNanos) {
        /** complete + incomplete of an announce reply. */
        int members() {
            return SwarmPeer.members(json);
        }
    }

    private final int node;
    private final String infoHash;
    private final String peerId;
    private final boolean answersOffers;
    private final Queue<CompletableFuture<Reply>> announceReplies = new ConcurrentLinkedQueue<>();
    private final Queue<CompletableFuture<Reply>> scrapeReplies = new ConcurrentLinkedQueue<>();
    private final Queue<Signal> offers = new ConcurrentLinkedQueue<>();
    private final Queue<Signal> answers = new ConcurrentLinkedQueue<>();
    private final Queue<String> unexpected = new ConcurrentLinkedQueue<>();
    private final CompletableFuture<Short> closed = new CompletableFuture<>();
    private volatile ClientWebSocket socket;

    SwarmPeer(int node, String infoHash, String peerId, boolean answersOffers) {
        this.node = node;
        this.infoHash = infoHash;
        this.peerId = peerId;
        this.answersOffers = answersOffers;
    }

    /** Handlers are set before the upgrade, so nothing sent right after the 101 is missed. */
    CompletableFuture<SwarmPeer> connect(WebSocketClient client, int port) {
        ClientWebSocket ws = client.webSocket();
        ws.textMessageHandler(this::received);
        ws.exceptionHandler(e -> { });
        ws.closeHandler(v -> {
            Short code = ws.closeStatusCode();
            closed.complete(code == null ? NO_CLOSE_FRAME : code);
            failPending(new IllegalStateException(this + " was closed with " + closed.join() + " before the reply"));
        });
        socket = ws;
        return ws.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/"))
                .toCompletionStage().toCompletableFuture()
                .thenApply(connected -> this);
    }

    /** Joins the swarm asking for no offers and making none. */
    CompletableFuture<Reply> start() {
        return announce(ClientAnnounce.of(infoHash, peerId).withEvent(Event.STARTED).withNumwant(0).withOffers(List.of()).toString());
    }

    /** A regular announce with these offers, numwant as many as there are offers. */
    CompletableFuture<Reply> announceOffers(List<String> offerIds) {
        return announce(ClientAnnounce.of(infoHash, peerId).withNumwant(offerIds.size()).withOffers(Sdp.offers(offerIds)).toString());
    }

    /** Sends an announce; completes with its counts reply. */
    CompletableFuture<Reply> announce(String message) {
        CompletableFuture<Reply> reply = new CompletableFuture<>();
        synchronized (this) { // the reply queue's order must be the sending order
            if (closed.isDone()) {
                reply.completeExceptionally(new IllegalStateException(this + " is closed"));
            } else {
                announceReplies.add(reply);
                socket.writeTextMessage(message);
            }
        }
        return reply;
    }

    /** complete + incomplete of this peer's swarm, from a scrape. */
    CompletableFuture<Integer> scrapeMembers() {
        CompletableFuture<Reply> reply = new CompletableFuture<>();
        synchronized (this) {
            if (closed.isDone()) {
                reply.completeExceptionally(new IllegalStateException(this + " is closed"));
            } else {
                scrapeReplies.add(reply);
                socket.writeTextMessage(ScrapeRequest.of(infoHash).toString());
            }
        }
        return reply.thenApply(r -> members(r.json().getJsonObject("files").getJsonObject(infoHash)));
    }

    static int members(JsonObject counts) {
        return counts.getInteger("complete") + counts.getInteger("incomplete");
    }

    private void received(String text) {
        long at = System.nanoTime();
        JsonObject m;
        try {
            m = new JsonObject(text);
        } catch (RuntimeException e) {
            unexpected.add(text);
            return;
        }
        if (m.containsKey("failure reason")) {
            unexpected.add(text);
        } else if (m.containsKey("offer")) {
            String offerId = m.getString("offer_id");
            String from = m.getString("peer_id");
            offers.add(new Signal(offerId, from, m.getString("info_hash"), at));
            if (answersOffers) {
                socket.writeTextMessage(AnswerRequest.of(infoHash, peerId, from, offerId, Sdp.answer()).toString());
            }
        } else if (m.containsKey("answer")) {
            answers.add(new Signal(m.getString("offer_id"), m.getString("peer_id"), m.getString("info_hash"), at));
        } else if ("scrape".equals(m.getString("action")) && m.containsKey("files")) {
            complete(scrapeReplies, new Reply(m, at), text);
        } else if ("announce".equals(m.getString("action")) && m.containsKey("complete")) {
            complete(announceReplies, new Reply(m, at), text);
        } else {
            unexpected.add(text);
        }
    }

    private void complete(Queue<CompletableFuture<Reply>> pending, Reply reply, String text) {
        CompletableFuture<Reply> f = pending.poll();
        if (f == null) {
            unexpected.add(text); // a reply to nothing this peer asked
        } else {
            f.complete(reply);
        }
    }

    private synchronized void failPending(Exception e) {
        for (CompletableFuture<Reply> f; (f = announceReplies.poll()) != null; ) {
            f.completeExceptionally(e);
        }
        for (CompletableFuture<Reply> f; (f = scrapeReplies.poll()) != null; ) {
            f.completeExceptionally(e);
        }
    }

    int node() {
        return node;
    }

    String peerId() {
        return peerId;
    }

    String infoHash() {
        return infoHash;
    }

    /** Offers received so far, in arrival order. */
    List<Signal> offers() {
        return List.copyOf(offers);
    }

    /** Answers received so far, in arrival order. */
    List<Signal> answers() {
        return List.copyOf(answers);
    }

    /** Failure replies, unmatched replies and anything else the protocol does not expect here. */
    List<String> unexpected() {
        return List.copyOf(unexpected);
    }

    boolean isClosed() {
        return closed.isDone();
    }

    /** Closes the connection with a close frame; completes with the close code once it is closed. */
    CompletableFuture<Short> close() {
        socket.close();
        return closed;
    }

    /** The close code, once closed. */
    CompletableFuture<Short> closed() {
        return closed;
    }

    @Override
    public String toString() {
        return peerId + "@node" + node;
    }
}
