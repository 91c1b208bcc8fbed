package dev.hivecast.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ChurnScheduleTest {

    private static final String URL = "ws://127.0.0.1:8000/";

    @Test
    void churnAndStormFlagsParseWithTheirDefaults() {
        LoadOptions still = LoadOptions.parse(new String[] {"--url", URL});
        assertThat(still.churn().any()).isFalse();
        assertThat(still.churn().stormShare()).isEqualTo(0.25);
        assertThat(still.churn().reconnectSpreadSeconds()).isEqualTo(5);
        LoadOptions o = LoadOptions.parse(new String[] {"--url", URL, "--churn-per-second", "2.5", "--storm-interval", "240",
                "--storm-share", "0.3", "--storm-reconnect-spread", "10"});
        assertThat(o.churn()).isEqualTo(new ChurnOptions(2.5, 240, 0.3, 10));
        assertThat(o.describe()).contains("churn=2.5/s storm-interval=240s storm-share=0.3 storm-reconnect-spread=10s");
    }

    @Test
    void badChurnFlagsAreRefusedWithTheirRange() {
        assertThatThrownBy(() -> LoadOptions.parse(new String[] {"--url", URL, "--churn-per-second", "-1"}))
                .hasMessageContaining("--churn-per-second takes a number from 0.0 to 1000.0");
        assertThatThrownBy(() -> LoadOptions.parse(new String[] {"--url", URL, "--storm-share", "0"}))
                .hasMessageContaining("--storm-share takes a number from 0.001 to 1.0");
        assertThatThrownBy(() -> LoadOptions.parse(new String[] {"--url", URL, "--mode", "idle", "--storm-interval", "60"}))
                .hasMessageContaining("relay mode");
        assertThatThrownBy(() -> LoadOptions.parse(new String[] {"--url", URL, "--networks", "2", "--churn-per-second", "1"}))
                .hasMessageContaining("--networks");
    }

    @Test
    void leavesArePacedLikeTheRampAndStormsStrikeEachInterval() {
        ChurnSchedule s = new ChurnSchedule(new ChurnOptions(2.5, 180, 0.25, 5), 100, 1);
        assertThat(s.leavesDue(-1)).isZero();
        assertThat(s.leavesDue(0.39)).isZero();
        assertThat(s.leavesDue(0.4)).isEqualTo(1);
        assertThat(s.leavesDue(60)).isEqualTo(150);
        assertThat(s.stormsDue(179.9)).isZero();
        assertThat(s.stormsDue(180)).isEqualTo(1);
        assertThat(s.stormsDue(1800)).isEqualTo(10);
        ChurnSchedule none = new ChurnSchedule(ChurnOptions.NONE, 100, 1);
        assertThat(none.leavesDue(3600)).isZero();
        assertThat(none.stormsDue(3600)).isZero();
    }

    @Test
    void aStormDropsItsShareOfDistinctSlotsAndTheSameOnEveryRun() {
        ChurnOptions churn = new ChurnOptions(0, 60, 0.25, 5);
        int[] victims = new ChurnSchedule(churn, 1500, 7).nextStormVictims();
        assertThat(victims).hasSize(375).doesNotHaveDuplicates();
        assertThat(Arrays.stream(victims).allMatch(v -> v >= 0 && v < 1500)).isTrue();
        assertThat(new ChurnSchedule(churn, 1500, 7).nextStormVictims()).containsExactly(victims);
        assertThat(new ChurnSchedule(new ChurnOptions(0, 60, 0.001, 5), 10, 7).nextStormVictims()).hasSize(1);
        ChurnSchedule s = new ChurnSchedule(churn, 1500, 7);
        long[] delays = new long[200];
        Arrays.setAll(delays, i -> s.reconnectDelayMillis());
        assertThat(Arrays.stream(delays).allMatch(d -> d >= 0 && d <= 5000)).isTrue();
        assertThat(Arrays.stream(delays).max().getAsLong()).isGreaterThan(2500);
    }

    @Test
    void joinersTakePeerIdsNoOtherSlotOrGeneratorHolds() {
        long lastOriginal = 100_000_000L + 19_000 - 1; // the highest --first-peer plus the most peers
        assertThat(ChurnSchedule.joinerPeer(0, 1)).isGreaterThan(lastOriginal);
        assertThat(ChurnSchedule.joinerPeer(5, 2)).isNotEqualTo(ChurnSchedule.joinerPeer(6, 2)).isNotEqualTo(ChurnSchedule.joinerPeer(5, 1));
        assertThat(GeneratedIds.peerNumber(GeneratedIds.peerId(ChurnSchedule.joinerPeer(1234, 5000)))).isEqualTo(ChurnSchedule.joinerPeer(1234, 5000));
        assertThat(ChurnSchedule.leavesWithStopped(0)).isTrue();
        assertThat(ChurnSchedule.leavesWithStopped(1)).isFalse();
    }
}
