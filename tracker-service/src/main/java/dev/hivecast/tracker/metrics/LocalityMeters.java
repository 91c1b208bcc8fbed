package dev.hivecast.tracker.metrics;

import dev.hivecast.tracker.locality.LocalityLevel;
import dev.hivecast.tracker.transport.LoopCounters;
import dev.hivecast.tracker.transport.Loops;
import dev.hivecast.tracker.transport.SignalingLoop;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.LongSupplier;

/**
 * Locality-aware matching: offers by the closest level offerer and receiver share, how many of
 * them were answered and how fast, and the sites file's failed reloads. The {@code locality}
 * label takes the five level names only, never an AS number or a site name.
 */
public final class LocalityMeters {

    private LocalityMeters() {
    }

    public static void register(MeterRegistry registry, Loops loops, LongSupplier reloadFailures) {
        for (LocalityLevel level : LocalityLevel.values()) {
            int l = level.ordinal();
            FunctionCounter.builder("tracker.offers.locality", loops, ls -> sum(ls, c -> c.offersAtLevel(l)))
                    .description("Offers relayed with locality on, by the closest level offerer and receiver share:"
                            + " ip, site, asn, country or none")
                    .tags("locality", level.label()).register(registry);
            FunctionCounter.builder("tracker.offers.answered.locality", loops, ls -> sum(ls, c -> c.answeredAtLevel(l)))
                    .description("Offers relayed with locality on and answered, by locality level")
                    .tags("locality", level.label()).register(registry);
            FunctionCounter.builder("tracker.offer.answer.locality", loops, ls -> sum(ls, c -> c.answerNanosAtLevel(l)) / 1e9)
                    .description("Sum of the times from offer to answer, by locality level (divide by the answered"
                            + " offers for the mean)")
                    .baseUnit("seconds").tags("locality", level.label()).register(registry);
        }
        FunctionCounter.builder("tracker.locality.reload.failures", reloadFailures, s -> s.getAsLong())
                .description("Reloads of the locality.sites file that failed (the previous sites stay in force)")
                .register(registry);
    }

    private static double sum(Loops loops, java.util.function.ToLongFunction<LoopCounters> count) {
        long sum = 0;
        for (SignalingLoop loop : loops.all()) {
            sum += count.applyAsLong(loop.counters());
        }
        return sum;
    }
}
