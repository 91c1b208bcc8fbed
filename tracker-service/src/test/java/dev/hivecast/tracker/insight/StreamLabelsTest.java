package dev.hivecast.tracker.insight;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Only the operator's stream names become label values; everything else is other. */
class StreamLabelsTest {

    private final StreamLabels labels = new StreamLabels(List.of("https://cdn.example.com/live/main.m3u8",
            "news", "0123456789ABCDEF0123456789abcdef01234567", "other", "", "news"));

    @Test
    void theLabelsAreTheNamedStreamsOnceEach_thenOther() {
        assertThat(labels.labels()).containsExactly("https://cdn.example.com/live/main.m3u8", "news",
                "0123456789abcdef0123456789abcdef01234567", "other");
    }

    @Test
    void aStreamIsMatchedWithoutItsQueryAndFragment_andAnInfoHashWithoutCase() {
        assertThat(label("https://cdn.example.com/live/main.m3u8?token=abc#t=10"))
                .isEqualTo("https://cdn.example.com/live/main.m3u8");
        assertThat(label(" news ")).isEqualTo("news");
        assertThat(label("0123456789abcdef0123456789ABCDEF01234567")).isEqualTo("0123456789abcdef0123456789abcdef01234567");
    }

    @Test
    void anyOtherStreamIsOther() {
        assertThat(label("https://cdn.example.com/live/other.m3u8")).isEqualTo("other");
        assertThat(label("News")).isEqualTo("other");
        assertThat(new StreamLabels(List.of()).labels()).containsExactly("other");
    }

    @Test
    void playerBytesAddsAcceptedBeaconsUnderTheirLabel() {
        PlayerBytes bytes = new PlayerBytes(labels);
        bytes.add(new Beacon("news?x=1", 100, 20));
        bytes.add(new Beacon("elsewhere", 5, 7));
        bytes.refused(BeaconRefusal.MALFORMED);
        assertThat(bytes.reported(PlayerBytes.Source.P2P, "news")).isEqualTo(100);
        assertThat(bytes.reported(PlayerBytes.Source.HTTP, "news")).isEqualTo(20);
        assertThat(bytes.reported(PlayerBytes.Source.P2P, "other")).isEqualTo(5);
        assertThat(bytes.refusals(BeaconRefusal.MALFORMED)).isEqualTo(1);
    }

    private String label(String stream) {
        return labels.labels().get(labels.indexOf(stream));
    }
}
