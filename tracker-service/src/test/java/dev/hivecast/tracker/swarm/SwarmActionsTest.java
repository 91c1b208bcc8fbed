package dev.hivecast.tracker.swarm;

import dev.hivecast.protocol.Event;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.statistics.Statistics;

/**
 * PROTOCOL §9 I65 as an action-sequence property: jqwik generates node setups and sequences of
 * {@link SwarmOp}s, {@link ModelledNode} checks every reply and every count after every step,
 * and a failure shrinks to the shortest sequence that still breaks the engine, which reads as a
 * test case. {@link SwarmFuzzTest} runs the same model under Jazzer's coverage guidance.
 */
class SwarmActionsTest {

    /** The most offers the codec lets through ({@code CodecLimits.DEFAULT_MAX_OFFERS}). */
    private static final int MAX_OFFERS = 20;

    // Edge cases off: jqwik's would be mostly near-empty sequences, which reach nothing.
    @Property(tries = 1000, edgeCases = EdgeCasesMode.NONE)
    void I65_anySequenceOfRequestsKeepsEveryCountEqualToTheMembership(
            @ForAll("setups") ModelledNode.Setup setup, @ForAll("sequences") List<SwarmOp> ops) {
        ModelledNode node = new ModelledNode(setup);
        ops.forEach(node::apply);

        // The sequences must reach the hard cases often enough to mean something.
        for (ModelledNode.Outcome outcome : ModelledNode.Outcome.values()) {
            Statistics.label(outcome.name()).collect(node.reached().contains(outcome));
        }
        for (ModelledNode.Outcome outcome : ModelledNode.Outcome.values()) {
            // Well under what is reached (5 to 9 % for the cross-shard cases, 12 % and more for
            // the rest) so that the check is not flaky, well over nothing.
            int atLeast = outcome == ModelledNode.Outcome.REBOUND_ACROSS_SHARDS
                    || outcome == ModelledNode.Outcome.PEER_ID_REFUSED_BY_ANOTHER_SHARD ? 2 : 5;
            Statistics.label(outcome.name()).coverage(c -> c.check(true).percentage(p -> p >= atLeast));
        }
    }

    @Provide
    Arbitrary<ModelledNode.Setup> setups() {
        return Combinators.combine(Arbitraries.integers().between(1, 3), Arbitraries.of(true, false),
                Arbitraries.of(true, false), Arbitraries.of(OfferRouting.class)).as(ModelledNode.Setup::new);
    }

    @Provide
    Arbitrary<List<SwarmOp>> sequences() {
        return Arbitraries.frequencyOf(
                        freq(2, Combinators.combine(index(3), index(SwarmOp.ADDRESSES)).as(SwarmOp.Open::new)),
                        freq(6, announces()),
                        freq(4, answers()),
                        freq(1, Combinators.combine(conn(), Arbitraries.integers().between(0, 7), Arbitraries.of(true, false))
                                .as(SwarmOp.Scrape::new)),
                        freq(1, conn().map(SwarmOp.Close::new)),
                        freq(2, Arbitraries.of(0, 1, 60, 119, 121, 179, 181, 200).map(SwarmOp.AdvanceAndSweep::new)))
                .list().ofMinSize(8).ofMaxSize(60).withSizeDistribution(RandomDistribution.uniform());
    }

    private Arbitrary<SwarmOp> announces() {
        return Combinators.combine(conn(), index(SwarmOp.SWARMS), index(SwarmOp.PEERS), Arbitraries.of(Event.class),
                        Arbitraries.of(true, false),
                        Arbitraries.oneOf(Arbitraries.integers().between(-1, 6), Arbitraries.just(Integer.MAX_VALUE)),
                        Arbitraries.oneOf(Arbitraries.integers().between(0, 7), Arbitraries.just(MAX_OFFERS)),
                        index(SwarmOp.OFFER_IDS))
                .as(SwarmOp.Announce::new);
    }

    private Arbitrary<SwarmOp> answers() {
        return Combinators.combine(conn(), Arbitraries.of(true, true, false), Arbitraries.integers().between(0, 63),
                        index(SwarmOp.SWARMS), index(SwarmOp.PEERS), index(SwarmOp.PEERS), index(SwarmOp.OFFER_IDS))
                .as(SwarmOp.Answer::new);
    }

    private static net.jqwik.api.Tuple.Tuple2<Integer, Arbitrary<? extends SwarmOp>> freq(
            int weight, Arbitrary<? extends SwarmOp> arbitrary) {
        return net.jqwik.api.Tuple.of(weight, arbitrary);
    }

    private static Arbitrary<Integer> conn() {
        return index(SwarmOp.MAX_CONNECTIONS);
    }

    private static Arbitrary<Integer> index(int size) {
        return Arbitraries.integers().between(0, size - 1);
    }
}
