package dev.hivecast.tracker.transport;

import dev.hivecast.protocol.AnnounceRequest;
import dev.hivecast.protocol.AnswerRequest;
import dev.hivecast.protocol.ErrorResponse;
import dev.hivecast.protocol.InMessage;
import dev.hivecast.protocol.InfoHash;
import dev.hivecast.protocol.ScrapeRequest;
import dev.hivecast.tracker.limits.MessageRates;
import dev.hivecast.tracker.limits.RateKind;
import dev.hivecast.tracker.limits.RateScope;
import dev.hivecast.tracker.swarm.Outcome;

/**
 * The message rates, per connection and per client IP. A message over a rate gets a failure
 * reason (with its action and info_hash, so BTc shows it instead of reconnecting) and counts
 * toward the garbage budget: a client a little over its burst is told and goes on, one that keeps
 * flooding is closed with 1008 after connection.max-invalid-messages refusals in a row.
 */
final class RateStep {

    private final LoopCounters counters;

    RateStep(LoopCounters counters) {
        this.counters = counters;
    }

    boolean admits(ConnectionHandler connection, InMessage message) {
        MessageRates rates = connection.rates();
        if (!rates.isLimited()) {
            return true;
        }
        RateKind kind = message instanceof AnswerRequest ? RateKind.ANSWER
                : message instanceof ScrapeRequest ? RateKind.SCRAPE : RateKind.ANNOUNCE;
        RateScope over = rates.take(kind, System.nanoTime());
        if (over == null) {
            return true;
        }
        counters.countOverRate(kind, over);
        String action = kind == RateKind.SCRAPE ? ErrorResponse.ACTION_SCRAPE : ErrorResponse.ACTION_ANNOUNCE;
        connection.reject(new ErrorResponse(action, infoHashOf(message), kind.failureReason()), Outcome.RATE_LIMITED,
                CloseReason.RATE_LIMITED);
        return false;
    }

    private static InfoHash infoHashOf(InMessage message) {
        if (message instanceof AnnounceRequest a) {
            return a.infoHash();
        }
        if (message instanceof AnswerRequest a) {
            return a.infoHash();
        }
        ScrapeRequest scrape = (ScrapeRequest) message;
        return scrape.infoHashes().isEmpty() ? null : scrape.infoHashes().get(0);
    }
}
