package dev.hivecast.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SwarmPopularityTest {

    private static final long SEED = 42;

    @Test
    void uniformKeepsPeerIModSSoEverySwarmSpansEveryClusterNode() {
        int[] swarmOf = SwarmPopularity.UNIFORM.assign(1000, 10, SEED);
        for (int i = 0; i < swarmOf.length; i++) {
            assertThat(swarmOf[i]).isEqualTo(i % 10);
        }
    }

    @Test
    void zipfGivesSwarmRAShareOfOneOverRPlusOneToTheS() {
        SwarmPopularity zipf = SwarmPopularity.parse("zipf", 1.0, null);
        int[] sizes = zipf.sizes(10_000, 100, SEED);
        double harmonic = 0;
        for (int r = 1; r <= 100; r++) {
            harmonic += 1.0 / r;
        }
        assertThat(Arrays.stream(sizes).sum()).isEqualTo(10_000);
        for (int r = 0; r < 100; r++) { // largest remainder: each size within one of its exact quota
            assertThat((double) sizes[r]).isCloseTo(10_000 / harmonic / (r + 1), org.assertj.core.data.Offset.offset(1.0));
        }
        assertThat(sizes[0]).isEqualTo(1928); // 10,000 / H(100) = 1927.8
        assertThat(sizes[0]).isGreaterThan(sizes[1]).isGreaterThan(sizes[9]).isGreaterThan(sizes[99]);
    }

    @Test
    void zipfExponentZeroIsUniformAndAHigherExponentConcentratesMore() {
        assertThat(SwarmPopularity.parse("zipf", 0.0, null).sizes(1000, 10, SEED)).containsOnly(100);
        int top1 = SwarmPopularity.parse("zipf", 1.0, null).sizes(1000, 10, SEED)[0];
        int top2 = SwarmPopularity.parse("zipf", 2.0, null).sizes(1000, 10, SEED)[0];
        assertThat(top2).isGreaterThan(top1);
    }

    @Test
    void gammaWithASmallShapeGivesAFewHugeSwarmsAndALongTail() {
        SwarmPopularity gamma = SwarmPopularity.parse("gamma", null, null);
        assertThat(gamma.parameter()).isEqualTo(0.2);
        int[] sizes = gamma.sizes(10_000, 1000, SEED);
        assertThat(Arrays.stream(sizes).sum()).isEqualTo(10_000);
        for (int s = 1; s < sizes.length; s++) {
            assertThat(sizes[s]).isLessThanOrEqualTo(sizes[s - 1]); // sorted: swarm 0 is the largest
        }
        // Gamma(0.2): the top 1 % of swarms hold ~15 % of the viewers, the top 10 % ~60 %.
        assertThat(Arrays.stream(sizes, 0, 10).sum()).as("top 1 %% of swarms").isGreaterThan(1_000);
        assertThat(Arrays.stream(sizes, 0, 100).sum()).as("top 10 %% of swarms").isGreaterThan(5_000);
        long tiny = Arrays.stream(sizes).filter(n -> n <= 1).count();
        assertThat(tiny).as("a long tail of swarms with at most one viewer").isGreaterThan(300);
    }

    @Test
    void gammaDrawsHaveTheRightMean() {
        SplittableRandom random = new SplittableRandom(SEED);
        for (double shape : new double[] {0.2, 1, 3.5}) {
            double sum = 0;
            for (int i = 0; i < 200_000; i++) {
                sum += SwarmPopularity.gamma(shape, random);
            }
            assertThat(sum / 200_000).as("mean of Gamma(%s, 1)", shape).isCloseTo(shape, org.assertj.core.data.Percentage.withPercentage(2));
        }
    }

    @Test
    void theSameSeedGivesTheSameAudienceAndAnotherSeedAnotherOrder() {
        SwarmPopularity gamma = SwarmPopularity.parse("gamma", null, 0.5);
        assertThat(gamma.assign(5000, 50, SEED)).isEqualTo(gamma.assign(5000, 50, SEED));
        assertThat(gamma.assign(5000, 50, SEED)).isNotEqualTo(gamma.assign(5000, 50, SEED + 1));
        SwarmPopularity zipf = SwarmPopularity.parse("zipf", null, null);
        int[] a = zipf.assign(5000, 50, SEED), b = zipf.assign(5000, 50, SEED + 1);
        assertThat(a).isNotEqualTo(b); // the order differs ...
        assertThat(countsOf(a, 50)).isEqualTo(countsOf(b, 50)); // ... zipf's sizes do not depend on the seed
    }

    @Test
    void viewersAreDealtInAShuffledOrderSoTheRampFillsEverySwarmAsItGoes() {
        int[] swarmOf = SwarmPopularity.parse("zipf", null, null).assign(10_000, 100, SEED);
        int[] firstTenth = countsOf(Arrays.copyOf(swarmOf, 1000), 100);
        assertThat(firstTenth[0]).isBetween(150, 240); // ~10 % of the largest swarm's 1928
    }

    @Test
    void oneGiantSwarmIsSwarmsOne() {
        for (String shape : new String[] {"uniform", "zipf", "gamma"}) {
            assertThat(SwarmPopularity.parse(shape, null, null).assign(5000, 1, SEED)).containsOnly(0);
        }
    }

    @Test
    void describeSizesNamesTheLargestSwarmsAndTheEmptyOnes() {
        int[] swarmOf = SwarmPopularity.parse("zipf", 1.0, null).assign(200, 20, 1);
        assertThat(SwarmPopularity.describeSizes(swarmOf, 20)).startsWith("swarm sizes: largest 56, 28, 18, 14, 11, ...");
        assertThat(SwarmPopularity.largest(swarmOf, 20)).isEqualTo(56);
    }

    @Test
    void anUnknownShapeIsRefused() {
        assertThatThrownBy(() -> SwarmPopularity.parse("pareto", null, null)).hasMessageContaining("uniform, zipf or gamma");
    }

    private static int[] countsOf(int[] swarmOf, int swarms) {
        int[] counts = new int[swarms];
        for (int s : swarmOf) {
            counts[s]++;
        }
        return counts;
    }
}
