package dev.hivecast.protocol;

import static dev.hivecast.protocol.TestFrames.AWKWARD_ID;
import static dev.hivecast.protocol.TestFrames.PEER;
import static dev.hivecast.protocol.TestFrames.announce;
import static dev.hivecast.protocol.TestFrames.failure;
import static dev.hivecast.protocol.TestFrames.jsId;
import static dev.hivecast.protocol.TestFrames.parseAnnounce;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Checklist C: what an announce says about its peer. */
class AnnounceParsingTest {

    private static AnnounceRequest announceWith(String rest) throws ProtocolException {
        return parseAnnounce(announce(AWKWARD_ID, PEER, rest));
    }

    @Test
    void C13_startedAnnounceCarriesItsIdsAndEvent() throws Exception {
        AnnounceRequest a = announceWith(",\"event\":\"started\",\"numwant\":5,\"left\":1000,\"offers\":[]");
        assertThat(a.infoHash()).isEqualTo(new InfoHash(AWKWARD_ID));
        assertThat(a.peerId()).isEqualTo(new PeerId(PEER));
        assertThat(a.event()).isEqualTo(Event.STARTED);
        assertThat(a.complete()).isFalse();
        assertThat(a.numwant()).isEqualTo(5);
        assertThat(a.offers()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"started,STARTED", "completed,COMPLETED", "stopped,STOPPED"})
    void C13_eventsMapToTheirMeaning(String wire, Event expected) throws Exception {
        assertThat(announceWith(",\"event\":\"" + wire + "\"").event()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ",\"event\":null", ",\"event\":\"\"", ",\"event\":\"empty\"", ",\"event\":\"update\""})
    void C15_absentEmptyAndUpdateEventsAreUpdates(String event) throws Exception {
        assertThat(announceWith(event).event()).isEqualTo(Event.UPDATE);
    }

    @Test
    void C16_pausedIsAnUpdate() throws Exception {
        assertThat(announceWith(",\"event\":\"paused\"").event()).isEqualTo(Event.UPDATE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"start\"", "\"STARTED\"", "\"started \"", "\"stopped\\u0000\"", "1", "true", "[]",
        "{\"e\":\"started\"}", "[\"started\"]"})
    void C17_unknownEventIsAFailureWithActionAndInfoHash(String event) {
        ProtocolException e = failure(announce(AWKWARD_ID, PEER, ",\"event\":" + event));
        assertThat(e.reason()).isEqualTo("invalid event");
        assertThat(e.action()).isEqualTo("announce");
        assertThat(e.infoHash()).isEqualTo(new InfoHash(AWKWARD_ID));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-0", "0.0", "0e5", "-0.0", "1e-400"})
    void C19_leftZeroCountsAsComplete(String left) throws Exception {
        assertThat(announceWith(",\"left\":" + left).complete()).isTrue();
    }

    @Test
    void C19_leftNullCountsAsIncomplete() throws Exception {
        assertThat(announceWith(",\"left\":null").complete()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "1000", "0.5", "1e30", "123456789012345678901234567890", "-1", "\"0\"", "false",
        "[0]", "{\"left\":0}", "\"\""})
    void C19_leftAbsentNonNumericOrPositiveCountsAsIncomplete(String left) throws Exception {
        assertThat(announceWith(",\"left\":" + left).complete()).isFalse();
        assertThat(announceWith("").complete()).isFalse();
    }

    @Test
    void C22_trackerIdAndExtraFieldsAreIgnoredWhateverTheirType_andOddByteCountsAreNotReportedNotRefused() throws Exception {
        AnnounceRequest a = announceWith(",\"uploaded\":\"lots\",\"downloaded\":{\"a\":[1,2,{}]},\"trackerid\":[null],"
                + "\"key\":12,\"compact\":true,\"ip\":null,\"\":\"\",\"padding\":\"" + "x".repeat(5000) + "\","
                + "\"nested\":[[[[[[1]]]]]],\"event\":\"started\"");
        assertThat(a.event()).isEqualTo(Event.STARTED);
        assertThat(a.uploaded()).isEqualTo(AnnounceRequest.NOT_REPORTED);
        assertThat(a.downloaded()).isEqualTo(AnnounceRequest.NOT_REPORTED);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0|0", "3475|3475", "-0|0", "2097152.0|2097152", "999999999999999999|999999999999999999",
        "1000000000000000000|-1", "1e30|-1", "-1|-1", "5.5|-1", "-5.0|-1", "\"5\"|-1", "null|-1", "true|-1", "[5]|-1"})
    void uploadedAndDownloadedAreNonNegativeIntegralByteCountsOrNotReported(String count, long expected) throws Exception {
        AnnounceRequest a = announceWith(",\"uploaded\":" + count + ",\"downloaded\":" + count);
        assertThat(a.uploaded()).isEqualTo(expected);
        assertThat(a.downloaded()).isEqualTo(expected);
    }

    @Test
    void uploadedAndDownloadedAreNotReportedWhenAbsent() throws Exception {
        AnnounceRequest a = parseAnnounce("{\"action\":\"announce\",\"info_hash\":" + jsId(AWKWARD_ID)
                + ",\"peer_id\":" + jsId(PEER) + "}");
        assertThat(a.uploaded()).isEqualTo(AnnounceRequest.NOT_REPORTED);
        assertThat(a.downloaded()).isEqualTo(AnnounceRequest.NOT_REPORTED);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0|0", "5|5", "-0|0", "5.0|5", "2147483647|2147483647", "2147483648|2147483647",
        "1e30|2147483647", "1180591620717411303424|2147483647", "1e400|2147483647",
        "999999999999999999|2147483647", "-1|-1", "-1180591620717411303424|-1", "5.5|-1", "-5.0|-1",
        "\"5\"|-1", "null|-1", "true|-1", "[5]|-1", "{}|-1"})
    void numwantIsANonNegativeIntegerClampedToIntOrAbsent(String numwant, int expected) throws Exception {
        assertThat(announceWith(",\"numwant\":" + numwant).numwant()).isEqualTo(expected);
    }

    @Test
    void numwantIsAbsentWhenNotSent() throws Exception {
        assertThat(announceWith("").numwant()).isEqualTo(AnnounceRequest.NUMWANT_ABSENT);
    }

    @Test
    void C24_numwantZeroWithNoOffersIsAPlainAnnounce() throws Exception {
        AnnounceRequest a = announceWith(",\"numwant\":0,\"offers\":[]");
        assertThat(a.numwant()).isZero();
        assertThat(a.offers()).isEmpty();
    }

    @Test
    void fieldsMayComeInAnyOrderActionLast() throws Exception {
        // BTc's order: numwant, uploaded, downloaded, left, event, action, info_hash, peer_id, offers.
        AnnounceRequest a = parseAnnounce("{\"numwant\":50,\"uploaded\":0,\"downloaded\":0,\"left\":0,"
                + "\"event\":\"completed\",\"peer_id\":" + jsId(PEER) + ",\"info_hash\":" + jsId(AWKWARD_ID)
                + ",\"action\":\"announce\"}");
        assertThat(a.event()).isEqualTo(Event.COMPLETED);
        assertThat(a.complete()).isTrue();
        assertThat(a.numwant()).isEqualTo(50);
    }

    @Test
    void aRepeatedKeyOverwritesTheEarlierOneAsInJsonParse() throws Exception {
        AnnounceRequest a = announceWith(",\"event\":\"bogus\",\"event\":\"stopped\",\"left\":0,\"left\":null");
        assertThat(a.event()).isEqualTo(Event.STOPPED);
        assertThat(a.complete()).isFalse();
        assertThat(failure(announce(AWKWARD_ID, PEER, ",\"offers\":[],\"offers\":7")).reason()).isEqualTo("invalid offers");
        assertThat(announceWith(",\"offers\":7,\"offers\":[]").offers()).isEmpty();
    }

    @Test
    void anAnnounceWithAnswerNullIsAPlainAnnounce() throws Exception {
        assertThat(announceWith(",\"answer\":null,\"event\":\"started\"").event()).isEqualTo(Event.STARTED);
    }
}
