package dev.hivecast.tracker.ops;

import dev.hivecast.tracker.transport.LoopCounters;
import dev.hivecast.tracker.transport.SignalingNode;
import dev.hivecast.tracker.transport.SignalingLoop;
import io.vertx.core.json.JsonObject;

/**
 * A point-in-time summary of the node, summed over its event loops. No per-swarm detail: what
 * viewers watch stays off the public listener (PROTOCOL.md 9.63).
 */
public record NodeStats(
        String version,
        long uptimeSeconds,
        boolean draining,
        int eventLoops,
        int connections,
        int swarms,
        int peers,
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
        long answersUnknownPeer) {

    public static NodeStats of(SignalingNode node, String version) {
        int connections = 0;
        int peers = 0;
        int seeders = 0;
        long announces = 0, answers = 0, scrapes = 0, failures = 0, offers = 0, relayedAnswers = 0;
        long in = 0, out = 0, bytesIn = 0, bytesOut = 0, queueDrops = 0, noCandidate = 0, unpaired = 0, unknown = 0;
        for (SignalingLoop v : node.verticles()) {
            if (v.shard() == null) {
                continue;
            }
            connections += v.shard().sessionCount();
            peers += v.shard().memberCount();
            seeders += v.shard().completeCount();
            LoopCounters c = v.counters();
            announces += c.announces();
            answers += c.answers();
            scrapes += c.scrapes();
            failures += c.failures();
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
        long uptime = (System.currentTimeMillis() - node.startedAtMillis()) / 1000;
        return new NodeStats(version, uptime, node.isDraining(), node.loops(), connections,
                node.directory().swarmCount(), peers, seeders, announces, answers, scrapes, failures,
                offers, relayedAnswers, in, out, bytesIn, bytesOut, queueDrops, noCandidate, unpaired, unknown);
    }

    public int leechers() {
        return peers - seeders;
    }

    /** Offers and answers relayed, the work that introduces viewers to each other. */
    public long relayed() {
        return offersRelayed + answersRelayed;
    }

    JsonObject toJson(RateSampler.Rates rates) {
        return new JsonObject()
                .put("version", version)
                .put("uptimeSeconds", uptimeSeconds)
                .put("draining", draining)
                .put("eventLoops", eventLoops)
                .put("connections", connections)
                .put("swarms", swarms)
                .put("peers", peers)
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
                .put("dropped", new JsonObject()
                        .put("sendQueueFull", sendQueueDrops)
                        .put("offersNoCandidate", offersNoCandidate)
                        .put("answersUnpaired", answersUnpaired)
                        .put("answersUnknownPeer", answersUnknownPeer));
    }
}
