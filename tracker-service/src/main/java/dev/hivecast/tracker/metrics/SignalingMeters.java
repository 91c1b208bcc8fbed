package dev.hivecast.tracker.metrics;

import dev.hivecast.tracker.limits.ClientTable;
import dev.hivecast.tracker.limits.RateKind;
import dev.hivecast.tracker.limits.RateScope;
import dev.hivecast.tracker.swarm.LoopSwarms;
import dev.hivecast.tracker.swarm.Outcome;
import dev.hivecast.tracker.swarm.SliceDirectory;
import dev.hivecast.tracker.transport.LoopCounters;
import dev.hivecast.tracker.transport.Loops;
import dev.hivecast.tracker.transport.SignalingLoop;
import dev.hivecast.tracker.transport.SignalingTimings;
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
 * The node's signaling meters. Counters and gauges read {@link LoopCounters} and the loops'
 * swarm counts when Prometheus scrapes, summed over the event loops; the three histograms are the only
 * meters touched while serving, each a {@link Timer} resolved here once.
 */
public final class SignalingMeters implements SignalingTimings {

    private final Loops loops;
    private final SliceDirectory directory;
    private final ClientTable clients;
    private final MeterRegistry registry;
    private final Timer offerToAnswer;
    private final Timer loopDelay;
    private final Timer[] handling = new Timer[MessageKind.values().length];

    /**
     * @param loops   the node's loops, read as they start
     * @param clients the per-IP table of the connection limits
     * @param backend the cluster backend's name ({@code local}, {@code hazelcast}, {@code redis})
     */
    public SignalingMeters(MeterRegistry registry, Loops loops, SliceDirectory directory, ClientTable clients,
                           String version, String backend) {
        this.loops = loops;
        this.directory = directory;
        this.clients = clients;
        this.registry = registry;
        Gauge.builder("tracker.build.info", () -> 1).tags("version", version, "backend", backend)
                .description("Always 1; the labels say which build runs, on which cluster backend").register(registry);
        gauge("tracker.event.loops", "Signaling event loops", l -> l.count());
        gauge("tracker.draining", "1 while the node drains after SIGTERM, else 0", l -> l.isDraining() ? 1 : 0);
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
        gauge("tracker.connections", "Open WebSocket connections", l -> sumSwarms(l, LoopSwarms::connectionCount));
        Gauge.builder("tracker.swarms", directory, SliceDirectory::swarmCount).strongReference(true)
                .description("Swarms with at least one member on this node").register(registry);
        gauge("tracker.members", "Swarm memberships on this node (one viewer in two swarms counts twice)",
                l -> sumSwarms(l, LoopSwarms::memberCount));
        gauge("tracker.seeders", "Members that are complete (left = 0)", l -> sumSwarms(l, LoopSwarms::completeCount));
        gauge("tracker.leechers", "Members that are not complete",
                l -> sumSwarms(l, s -> s.memberCount() - s.completeCount()));
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
        counter("tracker.answers.received", "Answers received from clients", c -> c.outcome(Outcome.ANSWER_HANDLED));
        counter("tracker.scrapes", "Scrapes handled", c -> c.outcome(Outcome.SCRAPE_HANDLED));
        for (Outcome outcome : Outcome.values()) {
            if (outcome.refused()) {
                counter("tracker.failures", "Requests refused with a failure reason, by why",
                        c -> c.outcome(outcome), "reason", outcome.label());
            }
        }
        for (RateKind kind : RateKind.values()) {
            for (RateScope scope : RateScope.values()) {
                counter("tracker.rate.limited", "Messages refused because a rate limit's bucket was empty",
                        c -> c.overRate(kind, scope), "kind", kind.label(), "scope", scope.label());
            }
        }
        Gauge.builder("tracker.limits.tracked.ips", clients, ClientTable::size).strongReference(true)
                .description("Client IPs whose connections and rates are counted now").register(registry);
        counter("tracker.messages.received", "WebSocket messages received", LoopCounters::messagesIn);
        counter("tracker.messages.sent", "WebSocket messages sent", LoopCounters::messagesOut);
        bytes("tracker.received.bytes", "Bytes of WebSocket messages received (payload)", LoopCounters::bytesIn);
        bytes("tracker.sent.bytes", "Bytes of WebSocket messages sent (payload)", LoopCounters::bytesOut);
        counter("tracker.send.queue.drops", "Messages not sent because the receiver's send queue was full",
                LoopCounters::sendQueueDrops);
        counter("tracker.pongs.coalesced", "Pongs not sent because the client did not read: replaced by the pong"
                + " for its newest ping, sent once it reads", LoopCounters::pongsCoalesced);
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

    private void gauge(String name, String description, ToDoubleFunction<Loops> value) {
        Gauge.builder(name, loops, value).description(description).register(registry);
    }

    private void counter(String name, String description, ToLongFunction<LoopCounters> count, String... tags) {
        FunctionCounter.builder(name, loops, l -> sumCounters(l, count)).description(description).tags(tags)
                .register(registry);
    }

    private void bytes(String name, String description, ToLongFunction<LoopCounters> count) {
        FunctionCounter.builder(name, loops, l -> sumCounters(l, count)).description(description)
                .baseUnit(BaseUnits.BYTES).register(registry);
    }

    private static double sumCounters(Loops loops, ToLongFunction<LoopCounters> count) {
        long sum = 0;
        for (SignalingLoop loop : loops.all()) {
            sum += count.applyAsLong(loop.counters());
        }
        return sum;
    }

    private static double sumSwarms(Loops loops, ToLongFunction<LoopSwarms> count) {
        long sum = 0;
        for (SignalingLoop loop : loops.all()) {
            sum += count.applyAsLong(loop.swarms());
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
