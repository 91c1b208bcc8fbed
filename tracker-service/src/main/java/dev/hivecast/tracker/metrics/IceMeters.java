package dev.hivecast.tracker.metrics;

import dev.hivecast.protocol.IceCandidates;
import dev.hivecast.tracker.insight.OfferCandidates;
import dev.hivecast.tracker.transport.Loops;
import dev.hivecast.tracker.transport.SignalingLoop;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.ToLongFunction;

/**
 * The ICE candidate kinds of relayed offers (insight.ice-candidates), summed over the loops. The
 * {@code kind} label takes the five kind names only. Registered whether or not the setting is on,
 * so every node exports the same series (zeros while off).
 */
public final class IceMeters {

    private IceMeters() {
    }

    public static void register(MeterRegistry registry, Loops loops) {
        for (IceCandidates.Kind kind : IceCandidates.Kind.values()) {
            FunctionCounter.builder("tracker.offer.candidates", loops, ls -> sum(ls, c -> c.withKind(kind)))
                    .description("Relayed offers whose SDP carries at least one ICE candidate of this kind: host,"
                            + " mdns (a host candidate named *.local), srflx, prflx, relay")
                    .tags("kind", kind.label()).register(registry);
        }
        FunctionCounter.builder("tracker.offers.ice.read", loops, ls -> sum(ls, OfferCandidates::read))
                .description("Relayed offers whose SDP was read for ICE candidates (all of them while"
                        + " insight.ice-candidates is on)")
                .register(registry);
        FunctionCounter.builder("tracker.offers.without.candidates", loops, ls -> sum(ls, OfferCandidates::withoutCandidates))
                .description("Relayed offers whose SDP has no ICE candidate line (a client that trickles them,"
                        + " or gathered none)")
                .register(registry);
        FunctionCounter.builder("tracker.offers.without.srflx", loops, ls -> sum(ls, OfferCandidates::withoutSrflx))
                .description("Relayed offers without a server-reflexive (srflx) ICE candidate: their viewer's"
                        + " STUN server was not configured or not reached")
                .register(registry);
    }

    private static double sum(Loops loops, ToLongFunction<OfferCandidates> count) {
        long sum = 0;
        for (SignalingLoop loop : loops.all()) {
            sum += count.applyAsLong(loop.counters().offerCandidates());
        }
        return sum;
    }
}
