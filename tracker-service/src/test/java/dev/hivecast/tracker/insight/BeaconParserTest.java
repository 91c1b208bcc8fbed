package dev.hivecast.tracker.insight;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The beacon body, {@code {"stream":"...","p2p":N,"http":N}}, read strictly and never half-counted. */
class BeaconParserTest {

    private static final long CAP = 1L << 30;
    private final BeaconParser parser = new BeaconParser(CAP);

    private BeaconParser.Result parse(String body) {
        return parser.parse(body.getBytes(StandardCharsets.UTF_8));
    }

    private BeaconRefusal refusal(String body) {
        BeaconParser.Result r = parse(body);
        assertThat(r.beacon()).as(body).isNull();
        return r.refusal();
    }

    @Test
    void aWellFormedBeaconIsReadWithItsThreeFields_inAnyOrder_unknownFieldsSkipped() {
        assertThat(parse("{\"stream\":\"https://cdn.example.com/live.m3u8\",\"p2p\":1200,\"http\":300}").beacon())
                .isEqualTo(new Beacon("https://cdn.example.com/live.m3u8", 1200, 300));
        assertThat(parse(" {\"http\":0,\"v\":{\"a\":[1,2]},\"p2p\":0,\"stream\":\"s\"} \n").beacon())
                .isEqualTo(new Beacon("s", 0, 0));
        assertThat(parse("{\"stream\":\"caf\\u00e9\",\"p2p\":" + CAP + ",\"http\":" + CAP + "}").beacon())
                .isEqualTo(new Beacon("café", CAP, CAP));
    }

    @Test
    void anythingButOneJsonObjectIsMalformed() {
        for (String body : new String[] {"", " ", "[]", "42", "\"x\"", "null", "{", "{\"stream\":\"s\",",
                "{\"stream\":\"s\",\"p2p\":1,\"http\":2}{}", "{\"stream\":\"s\",\"p2p\":1,\"http\":2} x",
                "{'stream':'s','p2p':1,'http':2}", "{\"stream\":\"s\",\"p2p\":01,\"http\":2}",
                "{\"stream\":\"s\",\"p2p\":NaN,\"http\":2}"}) {
            assertThat(refusal(body)).as(body).isEqualTo(BeaconRefusal.MALFORMED);
        }
    }

    @Test
    void aMissingRepeatedOrWronglyTypedFieldIsABadField() {
        for (String body : new String[] {"{}", "{\"p2p\":1,\"http\":2}", "{\"stream\":\"s\",\"http\":2}",
                "{\"stream\":\"s\",\"p2p\":1}", "{\"stream\":1,\"p2p\":1,\"http\":2}",
                "{\"stream\":\"s\",\"p2p\":\"1\",\"http\":2}", "{\"stream\":\"s\",\"p2p\":1.5,\"http\":2}",
                "{\"stream\":\"s\",\"p2p\":1e3,\"http\":2}", "{\"stream\":\"s\",\"p2p\":null,\"http\":2}",
                "{\"stream\":\"s\",\"p2p\":true,\"http\":2}", "{\"stream\":\"s\",\"p2p\":[1],\"http\":2}",
                "{\"stream\":\"s\",\"p2p\":1,\"p2p\":1,\"http\":2}", "{\"stream\":\"s\",\"stream\":\"t\",\"p2p\":1,\"http\":2}",
                "{\"stream\":\"\",\"p2p\":1,\"http\":2}",
                "{\"stream\":\"" + "s".repeat(Beacon.MAX_STREAM_LENGTH + 1) + "\",\"p2p\":1,\"http\":2}"}) {
            assertThat(refusal(body)).as(body).isEqualTo(BeaconRefusal.BAD_FIELD);
        }
        assertThat(parse("{\"stream\":\"" + "s".repeat(Beacon.MAX_STREAM_LENGTH) + "\",\"p2p\":1,\"http\":2}").beacon())
                .isNotNull();
    }

    @Test
    void aNegativeOrImpossiblyLargeCountIsImplausible_andNeitherCountIsTaken() {
        for (String body : new String[] {"{\"stream\":\"s\",\"p2p\":-1,\"http\":2}",
                "{\"stream\":\"s\",\"p2p\":1,\"http\":" + (CAP + 1) + "}",
                "{\"stream\":\"s\",\"p2p\":" + Long.MAX_VALUE + ",\"http\":2}",
                "{\"stream\":\"s\",\"p2p\":99999999999999999999999999,\"http\":2}"}) {
            assertThat(refusal(body)).as(body).isEqualTo(BeaconRefusal.IMPLAUSIBLE);
        }
        // An implausible count repeated is still a repeated field: no second chance at a value.
        assertThat(refusal("{\"stream\":\"s\",\"p2p\":-1,\"p2p\":1,\"http\":2}")).isEqualTo(BeaconRefusal.BAD_FIELD);
    }

    @Test
    void theBeaconContentTypesAreTextPlainAndJsonOrNone() {
        assertThat(BeaconEndpoint.acceptedType(null)).isTrue();
        assertThat(BeaconEndpoint.acceptedType("text/plain;charset=UTF-8")).isTrue();
        assertThat(BeaconEndpoint.acceptedType("Application/JSON")).isTrue();
        assertThat(BeaconEndpoint.acceptedType("application/x-www-form-urlencoded")).isFalse();
        assertThat(BeaconEndpoint.acceptedType("multipart/form-data; boundary=x")).isFalse();
    }
}
