package dev.hivecast.tracker.limits;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A token bucket: a burst at once, then the rate on average, never more. */
class RateBucketTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void aFullBucketLetsTheBurstThroughAtOnceAndRefusesTheNext() {
        RateBucket bucket = new RateBucket(2, 5);
        long now = 42 * SECOND;

        for (int i = 0; i < 5; i++) {
            assertThat(bucket.tryTake(now)).as("message %d of the burst", i + 1).isTrue();
        }
        assertThat(bucket.tryTake(now)).isFalse();
    }

    @Test
    void tokensComeBackAtTheRate() {
        RateBucket bucket = new RateBucket(2, 1);
        long now = 0;

        assertThat(bucket.tryTake(now)).isTrue();
        assertThat(bucket.tryTake(now + SECOND / 2 - 1)).isFalse();
        assertThat(bucket.tryTake(now + SECOND / 2)).isTrue();
    }

    @Test
    void overALongRunTheRateIsTheAverageWhateverTheSender() {
        RateBucket bucket = new RateBucket(10, 20);
        int passed = 0;
        // 100 s of a sender trying every millisecond
        for (long t = 0; t < 100 * SECOND; t += SECOND / 1000) {
            if (bucket.tryTake(t)) {
                passed++;
            }
        }
        assertThat(passed).isBetween(1000, 1000 + 20);
    }

    @Test
    void anIdleBucketRefillsOnlyUpToTheBurst() {
        RateBucket bucket = new RateBucket(100, 3);
        long later = 3600 * SECOND;
        int passed = 0;
        for (int i = 0; i < 10; i++) {
            if (bucket.tryTake(later)) {
                passed++;
            }
        }
        assertThat(passed).isEqualTo(3);
    }

    @Test
    void theSharedBucketFollowsTheSameRuleAndKnowsWhenItIsFullAgain() {
        SharedRateBucket bucket = new SharedRateBucket(1, 2);

        assertThat(bucket.tryTake(0)).isTrue();
        assertThat(bucket.tryTake(0)).isTrue();
        assertThat(bucket.tryTake(0)).isFalse();
        assertThat(bucket.isFull(SECOND)).isFalse();
        assertThat(bucket.isFull(2 * SECOND)).isTrue();
    }

    @Test
    void theSharedBucketNeverLetsMoreThanTheBurstThroughFromManyThreads() throws Exception {
        SharedRateBucket bucket = new SharedRateBucket(1, 1000);
        java.util.concurrent.atomic.AtomicInteger passed = new java.util.concurrent.atomic.AtomicInteger();
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 10_000; i++) {
                    if (bucket.tryTake(5 * SECOND)) {
                        passed.incrementAndGet();
                    }
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join(10_000);
        }
        assertThat(passed.get()).isEqualTo(1000);
    }
}
