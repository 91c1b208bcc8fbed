package dev.hivecast.tracker.transport;

import dev.hivecast.protocol.ErrorResponse;
import dev.hivecast.protocol.InMessage;
import dev.hivecast.protocol.InfoHash;
import dev.hivecast.protocol.ScrapeRequest;
import dev.hivecast.tracker.access.InfoHashPolicy;
import dev.hivecast.tracker.swarm.Outcome;

/**
 * The info_hash access lists. An announce, answer or scrape naming an info_hash the lists refuse
 * gets a failure reason and touches no swarm; it is answered at once, without waiting for a view
 * of the other nodes. It is not garbage: a player whose stream was taken off the lists keeps
 * announcing it, and that must not close its socket (other swarms may be on it).
 */
final class AccessStep {

    private final InfoHashPolicy policy;

    AccessStep(InfoHashPolicy policy) {
        this.policy = policy;
    }

    boolean admits(ConnectionHandler connection, InMessage message) {
        InfoHash refused = policy.firstRefused(message);
        if (refused == null) {
            return true;
        }
        String action = message instanceof ScrapeRequest ? ErrorResponse.ACTION_SCRAPE : ErrorResponse.ACTION_ANNOUNCE;
        connection.refuse(new ErrorResponse(action, refused, InfoHashPolicy.NOT_ALLOWED), Outcome.INFO_HASH_NOT_ALLOWED);
        return false;
    }
}
