package dev.hivecast.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ViewerSeedsTest {

    private static final int PER_GENERATOR = 19_000;

    @Test
    void generatorsSideBySideGiveTheirViewersDifferentStreams() {
        Set<Long> first = seeds(AudienceLoad.viewerSeeds(1, 0));
        for (int generator = 1; generator < 3; generator++) {
            Set<Long> other = seeds(AudienceLoad.viewerSeeds(1, generator * PER_GENERATOR));
            other.retainAll(first);
            assertThat(other).as("seeds shared with generator 0").isEmpty();
        }
    }

    @Test
    void theSameSeedAndFirstPeerRepeatARun() {
        assertThat(seeds(AudienceLoad.viewerSeeds(7, 19_000))).isEqualTo(seeds(AudienceLoad.viewerSeeds(7, 19_000)));
    }

    @Test
    void aSingleGeneratorKeepsTheStreamsOfEarlierRuns() {
        // Results in load-test/results were made with this stream; a lone generator still draws it.
        assertThat(AudienceLoad.viewerSeeds(1, 0).nextLong())
                .isEqualTo(new SplittableRandom(0x9E3779B97F4A7C15L + 1).nextLong());
    }

    private static Set<Long> seeds(SplittableRandom random) {
        Set<Long> seeds = new HashSet<>();
        for (int i = 0; i < PER_GENERATOR; i++) {
            seeds.add(random.nextLong());
        }
        return seeds;
    }
}
