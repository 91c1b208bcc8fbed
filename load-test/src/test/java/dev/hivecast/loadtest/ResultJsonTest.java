package dev.hivecast.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ResultJsonTest {

    @Test
    void theSummaryEndsWithOneJsonLineHoldingRatesAndEveryPercentile() throws Exception {
        LoadOptions options = LoadOptions.parse(new String[] {"--url", "ws://127.0.0.1:8000/", "--popularity", "zipf"});
        LoadStats stats = new LoadStats();
        LoadStats.Snapshot start = stats.snapshot();
        stats.connectionsOpened.add(10);
        stats.announcesSent.add(40);
        stats.repliesReceived.add(40);
        for (int i = 1; i <= 1000; i++) {
            stats.recordOfferToAnswer(TimeUnit.MICROSECONDS.toNanos(i));
        }
        String summary = stats.summary(options, stats.snapshot().minus(start), stats.snapshot().minus(start));

        String[] json = Arrays.stream(summary.split("\n")).filter(l -> l.startsWith(ResultJson.PREFIX)).toArray(String[]::new);
        assertThat(json).hasSize(1);
        assertThat(summary).contains("p99.9").contains("RESULT mode=relay");
        Set<String> names = new HashSet<>();
        try (JsonParser p = new JsonFactory().createParser(json[0])) {
            while (p.nextToken() != null) {
                if (p.currentToken() == JsonToken.FIELD_NAME) {
                    names.add(p.currentName());
                }
            }
        }
        assertThat(names).contains("options", "popularity", "seed", "connections", "per_second", "msgs_in_out",
                "offer_to_answer", "announce_rtt", "p50", "p90", "p99", "p99_9", "max", "generator_cpu_s", "switches");
        assertThat(json[0]).contains("\"popularity\":\"zipf(s=1.0)\"").contains("\"p90\":0.9");
    }
}
