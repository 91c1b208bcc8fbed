package dev.hivecast.protocol;

import static dev.hivecast.protocol.TestFrames.AWKWARD_ID;
import static dev.hivecast.protocol.TestFrames.failure;
import static dev.hivecast.protocol.TestFrames.id;
import static dev.hivecast.protocol.TestFrames.jsId;
import static dev.hivecast.protocol.TestFrames.parse;
import static dev.hivecast.protocol.TestFrames.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Checklist G: scrape requests. */
class ScrapeParsingTest {

    private static ScrapeRequest scrape(String infoHashField) throws ProtocolException {
        return (ScrapeRequest) parse("{\"action\":\"scrape\"" + infoHashField + "}");
    }

    private static String list(int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(jsId(id(i)));
        }
        return ",\"info_hash\":[" + String.join(",", ids) + "]";
    }

    @Test
    void G48_oneInfoHashAsAString() throws Exception {
        ScrapeRequest s = scrape(",\"info_hash\":" + jsId(AWKWARD_ID));
        assertThat(s.infoHashes()).containsExactly(new InfoHash(AWKWARD_ID));
        assertThat(s.isFull()).isFalse();
    }

    @Test
    void G49_anArrayGivesEachDistinctHashInFirstOccurrenceOrder() throws Exception {
        ScrapeRequest s = scrape(",\"info_hash\":[" + jsId(id(2)) + "," + jsId(id(1)) + "," + jsId(id(2)) + ","
                + jsId(id(3)) + "," + jsId(id(1)) + "]");
        assertThat(s.infoHashes()).containsExactly(new InfoHash(id(2)), new InfoHash(id(1)), new InfoHash(id(3)));
        assertThat(s.isFull()).isFalse();
    }

    @Test
    void G49_anEmptyArrayIsAnEmptyScrapeNotAFullOne() throws Exception {
        ScrapeRequest s = scrape(",\"info_hash\":[]");
        assertThat(s.infoHashes()).isEmpty();
        assertThat(s.isFull()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ",\"info_hash\":null"})
    void G50_absentOrNullInfoHashAsksForAFullScrape(String field) throws Exception {
        ScrapeRequest s = scrape(field);
        assertThat(s.infoHashes()).isEmpty();
        assertThat(s.isFull()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"[\"short\"]", "[null]", "[1]", "[[]]", "[{}]", "\"short\"", "7", "true", "false", "{}",
        "{\"a\":[1]}", "0.5", "\"c362534ac3de128d94bbeeb3db6508b2985ee394\""})
    void G51_anythingButValidIdsIsInvalidInfoHashWithActionScrape(String value) {
        ProtocolException e = failure("{\"action\":\"scrape\",\"info_hash\":" + value + "}");
        assertThat(e.reason()).isEqualTo("invalid info_hash");
        assertThat(e.action()).isEqualTo("scrape");
        assertThat(e.infoHash()).isNull();
    }

    @Test
    void G51_oneBadElementAmongGoodOnesFailsTheScrape() {
        String frame = "{\"action\":\"scrape\",\"info_hash\":[" + jsId(id(1)) + ",\"bad\"," + jsId(id(2)) + "]}";
        assertThat(failure(frame).reason()).isEqualTo("invalid info_hash");
    }

    @Test
    void G52_atMost255DistinctHashes() throws Exception {
        assertThat(scrape(list(255)).infoHashes()).hasSize(255);
        ProtocolException e = failure("{\"action\":\"scrape\"" + list(256) + "}");
        assertThat(e.reason()).isEqualTo("too many info_hash values in scrape (max 255)");
        assertThat(e.action()).isEqualTo("scrape");
    }

    @Test
    void G52_duplicatesDoNotCountTowardsTheCap() throws Exception {
        String ids = list(255).substring(",\"info_hash\":[".length());
        ScrapeRequest s = scrape(",\"info_hash\":[" + ids.substring(0, ids.length() - 1) + "," + jsId(id(0)) + "]");
        assertThat(s.infoHashes()).hasSize(255);
    }

    @Test
    void G52_theCapIsConfigurable() throws Exception {
        TrackerCodec codec = new TrackerCodec(new CodecLimits(20, 64, 2, 32));
        assertThat(((ScrapeRequest) codec.parse(utf8("{\"action\":\"scrape\"" + list(2) + "}"))).infoHashes()).hasSize(2);
        ProtocolException e = org.assertj.core.api.Assertions.catchThrowableOfType(ProtocolException.class,
                () -> codec.parse(utf8("{\"action\":\"scrape\"" + list(3) + "}")));
        assertThat(e.reason()).isEqualTo("too many info_hash values in scrape (max 2)");
    }

    @Test
    void scrapeIgnoresAnnounceFieldsAndAcceptsActionLast() throws Exception {
        ScrapeRequest s = (ScrapeRequest) parse("{\"info_hash\":" + jsId(AWKWARD_ID)
                + ",\"peer_id\":5,\"event\":\"bogus\",\"offers\":[null],\"action\":\"scrape\"}");
        assertThat(s.infoHashes()).containsExactly(new InfoHash(AWKWARD_ID));
    }

    @Test
    void scrapeListIsImmutable() throws Exception {
        ScrapeRequest s = scrape(list(2));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.infoHashes().add(null))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
