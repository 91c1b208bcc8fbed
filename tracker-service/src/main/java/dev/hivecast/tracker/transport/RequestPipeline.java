package dev.hivecast.tracker.transport;

import dev.hivecast.protocol.AnnounceRequest;
import dev.hivecast.protocol.AnswerRequest;
import dev.hivecast.protocol.ErrorResponse;
import dev.hivecast.protocol.InMessage;
import dev.hivecast.protocol.ProtocolException;
import dev.hivecast.protocol.ScrapeRequest;
import dev.hivecast.protocol.TrackerCodec;
import dev.hivecast.tracker.insight.AnnouncedBytes;
import dev.hivecast.tracker.swarm.LoopSwarms;
import dev.hivecast.tracker.swarm.Outcome;
import dev.hivecast.tracker.transport.SignalingTimings.MessageKind;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one client message passes through, top to bottom: parse, {@link RateStep},
 * {@link AccessStep}, {@link ViewWarmUp} (announces and scrapes in a cluster), {@link MembershipStep}
 * (announces), then the loop's {@link LoopSwarms}. A step that refuses the message has already
 * answered the client and counted the {@link Outcome}; the message goes no further. One per loop,
 * on its thread; nothing here allocates per message but what the codec and the swarm do.
 */
final class RequestPipeline {

    private static final Logger log = LoggerFactory.getLogger(RequestPipeline.class);

    private final TrackerCodec codec;
    private final RateStep rates;
    private final AccessStep access;
    private final ViewWarmUp warmUp;
    private final MembershipStep membership;
    private final LoopSwarms swarms;
    private final LoopOutbox outbox;
    private final LoopCounters counters;
    private final AnnouncedBytes announced;

    RequestPipeline(TrackerCodec codec, RateStep rates, AccessStep access, ViewWarmUp warmUp,
                    MembershipStep membership, LoopSwarms swarms, LoopOutbox outbox, LoopCounters counters,
                    AnnouncedBytes announced) {
        this.codec = codec;
        this.rates = rates;
        this.access = access;
        this.warmUp = warmUp;
        this.membership = membership;
        this.swarms = swarms;
        this.outbox = outbox;
        this.counters = counters;
        this.announced = announced;
    }

    /** One whole message from {@code connection}; says what it was, for the handling-time sample. */
    MessageKind handle(ConnectionHandler connection, ReceivedBytes bytes) {
        InMessage message;
        try {
            message = codec.parse(bytes.array(), bytes.offset(), bytes.length());
        } catch (ProtocolException e) {
            connection.reject(e.toResponse(), Outcome.INVALID_REQUEST, CloseReason.INVALID_MESSAGES);
            return MessageKind.INVALID;
        }
        if (!rates.admits(connection, message)) {
            return MessageKind.INVALID;
        }
        connection.validMessage();
        MessageKind kind = kindOf(message);
        if (!access.admits(connection, message)) {
            return kind;
        }
        if (message instanceof AnswerRequest) {
            toSwarms(connection, message); // routed by its pairing record: no view of other nodes needed
            return kind;
        }
        Future<Void> wait = warmUp.waitFor(message);
        if (wait == null) {
            toSwarms(connection, message);
        } else {
            // The socket is paused meanwhile, so this connection's messages are still handled in
            // order; other connections are not held up.
            connection.pause();
            warmUp.bounded(wait).onComplete(ar -> {
                if (!connection.closedByServer()) {
                    toSwarms(connection, message);
                    connection.resume();
                }
            });
        }
        return kind;
    }

    private void toSwarms(ConnectionHandler connection, InMessage message) {
        try {
            if (message instanceof AnnounceRequest announce) {
                if (!membership.admits(connection, announce)) {
                    return;
                }
                counters.count(Outcome.ANNOUNCE_HANDLED);
                counters.announced(announce.event());
                connection.announcedTotals = announced.observe(connection.announcedTotals, announce);
                swarms.handleAnnounce(connection.connection(), announce, outbox);
            } else if (message instanceof AnswerRequest answer) {
                counters.count(Outcome.ANSWER_HANDLED);
                swarms.handleAnswer(connection.connection(), answer, outbox);
            } else if (message instanceof ScrapeRequest scrape) {
                counters.count(Outcome.SCRAPE_HANDLED);
                swarms.handleScrape(connection.connection(), scrape, outbox);
            }
        } catch (RuntimeException e) {
            // A bug must cost this one request, never the event loop or the other peers on it.
            log.error("connection {}: failed to handle {}", connection.connection().id(),
                    message.getClass().getSimpleName(), e);
            connection.reject(new ErrorResponse(null, null, "internal error"), Outcome.INTERNAL_ERROR,
                    CloseReason.INVALID_MESSAGES);
        }
    }

    private static MessageKind kindOf(InMessage message) {
        return message instanceof AnswerRequest ? MessageKind.ANSWER
                : message instanceof ScrapeRequest ? MessageKind.SCRAPE : MessageKind.ANNOUNCE;
    }
}
