package dev.hivecast.tracker.metrics;

import dev.hivecast.tracker.transport.LoopCounters;
import dev.hivecast.tracker.transport.SignalingNode;
import dev.hivecast.tracker.transport.SignalingTimings;
import dev.hivecast.tracker.transport.SignalingLoop;
import dev.hivecast.tracker.limits.RateKind;
import dev.hivecast.tracker.limits.RateScope;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.BaseUnits;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * The node's signaling meters. Counters and gauges read {@link LoopCounters} and the shards'
 * counts when Prometheus scrapes, summed over the event loops; the three histograms are the only
 * meters touched while serving, each a {@link Timer} resolved here once.
 */
public final class SignalingMeters implements SignalingTimings {

    private final SignalingNode node;
    private final MeterRegistry registry;
    private final Timer offerToAnswer;
    private final Timer loopDelay;
    private final Timer[] handling = new Timer[MessageKind.values().length];

    /** @param backend the cluster backend's name ({@code local}, {@code hazelcast}, {@code redis}) */
    public SignalingMeters(MeterRegistry registry, SignalingNode node, String version, String backend) {
        this.node = node;
        this.registry = registry;
        Gauge.builder("tracker.build.info", () -> 1).tags("version", version, "backend", backend)
                .description("Always 1; the labels say which build runs, on which cluster backend").register(registry);
        gauge("tracker.event.loops", "Signaling event loops", n -> n.loops());
        gauge("tracker.draining", "1 while the node drains after SIGTERM, else 0", n -> n.isDraining() ? 1 : 0);
        audience();
        requests();
        relays();
        offerToAnswer = Timer.builder("tracker.offer.answer")
                .description("From an offer relayed to its receiver to that receiver's answer")
                .serviceLevelObjectives(ms(5), ms(10), ms(25), ms(50), ms(100), ms(250), ms(500), ms(1000),
                        ms(2500), ms(5000), ms(10_000), ms(30_000), ms(60_000), ms(120_000))
                .register(registry);
        loopDelay = Timer.builder("tracker.event.loop.delay")
                .description("How late each signaling event loop ran a 100 ms timer (sampled 10 times a second per loop)")
                .serviceLevelObjectives(ms(1), ms(2), ms(5), ms(10), ms(25), ms(50), ms(100), ms(250), ms(500),
                        ms(1000), ms(2500), ms(5000))
                .register(registry);
        for (MessageKind kind : MessageKind.values()) {
            handling[kind.ordinal()] = Timer.builder("tracker.message.handling")
                    .description("Time on the event loop per message, parse to last write (one message in "
                            + HANDLING_SAMPLE_EVERY + " is timed)")
                    .tag("type", kind.name().toLowerCase(java.util.Locale.ROOT))
                    .serviceLevelObjectives(us(10), us(25), us(50), us(100), us(250), us(500), us(1000), us(2500),
                            us(5000), us(10_000), us(25_000), us(50_000), us(100_000))
                    .register(registry);
        }
    }

    private void audience() {
        gauge("tracker.connections", "Open WebSocket connections", n -> sumShards(n, v -> v.shard().sessionCount()));
        gauge("tracker.swarms", "Swarms with at least one member on this node", n -> n.directory().swarmCount());
        gauge("tracker.members", "Swarm memberships on this node (one viewer in two swarms counts twice)",
                n -> sumShards(n, v -> v.shard().memberCount()));
        gauge("tracker.seeders", "Members that are complete (left = 0)", n -> sumShards(n, v -> v.shard().completeCount()));
        gauge("tracker.leechers", "Members that are not complete",
                n -> sumShards(n, v -> v.shard().memberCount() - v.shard().completeCount()));
        counter("tracker.connections.opened", "WebSocket connections accepted", LoopCounters::connectionsOpened);
        String closed = "WebSocket connections closed, by who or what closed them";
        counter("tracker.connections.closed", closed, LoopCounters::clientCloses, "reason", "client");
        counter("tracker.connections.closed", closed, LoopCounters::idleCloses, "reason", "idle");
        counter("tracker.connections.closed", closed, LoopCounters::slowConsumerCloses, "reason", "slow_consumer");
        counter("tracker.connections.closed", closed, LoopCounters::oversizeCloses, "reason", "message_too_big");
        counter("tracker.connections.closed", closed, LoopCounters::garbageCloses, "reason", "invalid_messages");
        counter("tracker.connections.closed", closed, LoopCounters::protocolCloses, "reason", "protocol_error");
        counter("tracker.connections.closed", closed, LoopCounters::drainCloses, "reason", "drain");
        counter("tracker.connections.closed", closed, LoopCounters::rateLimitedCloses, "reason", "rate_limited");
        counter("tracker.connections.closed", closed, LoopCounters::slowMessageCloses, "reason", "slow_message");
        counter("tracker.members.expired", "Members removed because they stopped announcing (announce.peer-ttl)",
                LoopCounters::expiredMembers);
        counter("tracker.members.evicted", "Members removed because a reloaded info_hash list refuses their swarm",
                LoopCounters::membersEvicted);
    }

    private void requests() {
        String announces = "Announces handled, by event (absent, empty and update are update)";
        counter("tracker.announces", announces, LoopCounters::announcesStarted, "event", "started");
        counter("tracker.announces", announces, LoopCounters::announcesUpdate, "event", "update");
        counter("tracker.announces", announces, LoopCounters::announcesCompleted, "event", "completed");
        counter("tracker.announces", announces, LoopCounters::announcesStopped, "event", "stopped");
        counter("tracker.answers.received", "Answers received from clients", LoopCounters::answers);
        counter("tracker.scrapes", "Scrapes handled", LoopCounters::scrapes);
        String failures = "Requests refused with a failure reason, by why";
        counter("tracker.failures", failures, LoopCounters::failuresInvalid, "reason", "invalid_request");
        counter("tracker.failures", failures, LoopCounters::failuresPeerIdTaken, "reason", "peer_id_taken");
        counter("tracker.failures", failures, LoopCounters::failuresNoMatchingOffer, "reason", "no_matching_offer");
        counter("tracker.failures", failures, LoopCounters::failuresScrapeRefused, "reason", "scrape_refused");
        counter("tracker.failures", failures, LoopCounters::failuresInternal, "reason", "internal_error");
        counter("tracker.failures", failures, LoopCounters::failuresInfoHashRefused, "reason", "info_hash_not_allowed");
        counter("tracker.failures", failures, LoopCounters::failuresRateLimited, "reason", "rate_limited");
        counter("tracker.failures", failures, LoopCounters::failuresTooManySwarms, "reason", "too_many_swarms");
        counter("tracker.failures", failures, LoopCounters::failuresTooManyPeerIds, "reason", "too_many_peer_ids");
        for (RateKind kind : RateKind.values()) {
            for (RateScope scope : RateScope.values()) {
                counter("tracker.rate.limited", "Messages refused because a rate limit's bucket was empty",
                        c -> c.overRate(kind, scope), "kind", kind.label(), "scope", scope.label());
            }
        }
        gauge("tracker.limits.tracked.ips", "Client IPs whose connections and rates are counted now",
                n -> n.clients().size());
        counter("tracker.messages.received", "WebSocket messages received", LoopCounters::messagesIn);
        counter("tracker.messages.sent", "WebSocket messages sent", LoopCounters::messagesOut);
        bytes("tracker.received.bytes", "Bytes of WebSocket messages received (payload)", LoopCounters::bytesIn);
        bytes("tracker.sent.bytes", "Bytes of WebSocket messages sent (payload)", LoopCounters::bytesOut);
        counter("tracker.send.queue.drops", "Messages not sent because the receiver's send queue was full",
                LoopCounters::sendQueueDrops);
    }

    private void relays() {
        String offers = "Offers relayed, by where the receiver is: same_node as the offerer, or sent to other_node";
        counter("tracker.offers.relayed", offers, LoopCounters::offersRelayedLocal, "destination", "same_node");
        String answers = "Answers relayed, by where the offerer is: same_node as the answerer, or sent to other_node";
        counter("tracker.answers.relayed", answers, LoopCounters::answersRelayedLocal, "destination", "same_node");
        counter("tracker.offers.answered", "Relayed offers whose receiver answered within announce.offer-ttl",
                LoopCounters::offersAnswered);
        String offersDropped = "Offers not relayed, by why";
        counter("tracker.offers.dropped", offersDropped, LoopCounters::offersNoCandidate, "reason", "no_candidate");
        counter("tracker.offers.dropped", offersDropped, LoopCounters::offersQueueFull, "reason", "queue_full");
        counter("tracker.offers.dropped", offersDropped, LoopCounters::offersExpired, "reason", "expired");
        String answersDropped = "Answers not relayed, by why";
        counter("tracker.answers.dropped", answersDropped, LoopCounters::answersUnpaired, "reason", "unpaired");
        counter("tracker.answers.dropped", answersDropped, LoopCounters::answersUnknownPeer, "reason", "unknown_peer");
        counter("tracker.answers.dropped", answersDropped, LoopCounters::answersQueueFull, "reason", "queue_full");
    }

    @Override
    public void messageHandled(MessageKind kind, long nanos) {
        handling[kind.ordinal()].record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void offerAnswered(long nanos) {
        offerToAnswer.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void loopDelay(long nanos) {
        loopDelay.record(nanos, TimeUnit.NANOSECONDS);
    }

    private void gauge(String name, String description, ToDoubleFunction<SignalingNode> value) {
        Gauge.builder(name, node, value).description(description).register(registry);
    }

    private void counter(String name, String description, ToLongFunction<LoopCounters> count, String... tags) {
        FunctionCounter.builder(name, node, n -> sumCounters(n, count)).description(description).tags(tags)
                .register(registry);
    }

    private void bytes(String name, String description, ToLongFunction<LoopCounters> count) {
        FunctionCounter.builder(name, node, n -> sumCounters(n, count)).description(description)
                .baseUnit(BaseUnits.BYTES).register(registry);
    }

    private static double sumCounters(SignalingNode node, ToLongFunction<LoopCounters> count) {
        long sum = 0;
        for (SignalingLoop v : node.verticles()) {
            sum += count.applyAsLong(v.counters());
        }
        return sum;
    }

    private static double sumShards(SignalingNode node, ToLongFunction<SignalingLoop> count) {
        long sum = 0;
        for (SignalingLoop v : node.verticles()) {
            if (v.shard() != null) {
                sum += count.applyAsLong(v);
            }
        }
        return sum;
    }

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }

    private static Duration us(long micros) {
        return Duration.ofNanos(micros * 1_000);
    }
}
