package dev.hivecast.tracker.ops;

import dev.hivecast.tracker.swarm.Outcome;
import dev.hivecast.tracker.swarm.SliceDirectory;
import dev.hivecast.tracker.transport.LoopCounters;
import dev.hivecast.tracker.transport.Loops;
import dev.hivecast.tracker.transport.SignalingLoop;
import io.vertx.core.json.JsonObject;
import java.util.EnumMap;
import java.util.Map;

/**
 * A point-in-time summary of the node, summed over its event loops. No per-swarm detail: what
 * viewers watch stays off the public listener (docs/protocol.md#i63).
 */
public record NodeStats(
        String version,
        long uptimeSeconds,
        boolean draining,
        int eventLoops,
        int connections,
        int swarms,
        int members,
        int seeders,
        long announces,
        long answers,
        long scrapes,
        long failures,
        long offersRelayed,
        long answersRelayed,
        long messagesIn,
        long messagesOut,
        long bytesIn,
        long bytesOut,
        long sendQueueDrops,
        long offersNoCandidate,
        long answersUnpaired,
        long answersUnknownPeer,
        Map<Outcome, Long> refusals) {

    /** @param startedAtMillis when the node started, for the uptime */
    public static NodeStats of(Loops loops, SliceDirectory directory, long startedAtMillis, String version) {
        int connections = 0;
        int members = 0;
        int seeders = 0;
        long offers = 0, relayedAnswers = 0;
        long in = 0, out = 0, bytesIn = 0, bytesOut = 0, queueDrops = 0, noCandidate = 0, unpaired = 0, unknown = 0;
        long[] outcomes = new long[Outcome.values().length];
        for (SignalingLoop loop : loops.all()) {
            connections += loop.swarms().connectionCount();
            members += loop.swarms().memberCount();
            seeders += loop.swarms().completeCount();
            LoopCounters c = loop.counters();
            for (Outcome o : Outcome.values()) {
                outcomes[o.ordinal()] += c.outcome(o);
            }
            offers += c.offersRelayed();
            relayedAnswers += c.answersRelayed();
            in += c.messagesIn();
            out += c.messagesOut();
            bytesIn += c.bytesIn();
            bytesOut += c.bytesOut();
            queueDrops += c.sendQueueDrops();
            noCandidate += c.offersNoCandidate();
            unpaired += c.answersUnpaired();
            unknown += c.answersUnknownPeer();
        }
        Map<Outcome, Long> refusals = new EnumMap<>(Outcome.class);
        long failures = 0;
        for (Outcome o : Outcome.values()) {
            if (o.refused()) {
                refusals.put(o, outcomes[o.ordinal()]);
                failures += outcomes[o.ordinal()];
            }
        }
        long uptime = (System.currentTimeMillis() - startedAtMillis) / 1000;
        return new NodeStats(version, uptime, loops.isDraining(), loops.count(), connections,
                directory.swarmCount(), members, seeders, outcomes[Outcome.ANNOUNCE_HANDLED.ordinal()],
                outcomes[Outcome.ANSWER_HANDLED.ordinal()], outcomes[Outcome.SCRAPE_HANDLED.ordinal()], failures,
                offers, relayedAnswers, in, out, bytesIn, bytesOut, queueDrops, noCandidate, unpaired, unknown, refusals);
    }

    public int leechers() {
        return members - seeders;
    }

    /** Offers and answers relayed, the work that introduces viewers to each other. */
    public long relayed() {
        return offersRelayed + answersRelayed;
    }

    /** Refusals by outcome, under the same names as the {@code reason} label of tracker_failures_total. */
    private JsonObject failuresJson() {
        JsonObject json = new JsonObject();
        refusals.forEach((outcome, count) -> json.put(outcome.label(), count));
        return json;
    }

    JsonObject toJson(RateSampler.Rates rates) {
        return new JsonObject()
                .put("version", version)
                .put("uptimeSeconds", uptimeSeconds)
                .put("draining", draining)
                .put("eventLoops", eventLoops)
                .put("connections", connections)
                .put("swarms", swarms)
                .put("members", members)
                .put("seeders", seeders)
                .put("leechers", leechers())
                .put("perSecond", new JsonObject()
                        .put("windowSeconds", rates.windowSeconds())
                        .put("messagesIn", rates.messagesIn())
                        .put("messagesOut", rates.messagesOut())
                        .put("relayed", rates.relayed())
                        .put("announces", rates.announces()))
                .put("totals", new JsonObject()
                        .put("announces", announces)
                        .put("answers", answers)
                        .put("scrapes", scrapes)
                        .put("failures", failures)
                        .put("offersRelayed", offersRelayed)
                        .put("answersRelayed", answersRelayed)
                        .put("messagesIn", messagesIn)
                        .put("messagesOut", messagesOut)
                        .put("bytesIn", bytesIn)
                        .put("bytesOut", bytesOut))
                .put("failures", failuresJson())
                .put("dropped", new JsonObject()
                        .put("sendQueueFull", sendQueueDrops)
                        .put("offersNoCandidate", offersNoCandidate)
                        .put("answersUnpaired", answersUnpaired)
                        .put("answersUnknownPeer", answersUnknownPeer));
    }
}
