package dev.hivecast.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import dev.hivecast.tracker.config.TrackerConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;

/** The json log format: what one event becomes, on a private logger context (not the test JVM's). */
class LogSetupTest {

    private final LoggerContext context = new LoggerContext();

    LogSetupTest() {
        context.setMDCAdapter(new LogbackMDCAdapter());
    }

    @Test
    void textIsTheDefaultFormat() {
        assertThat(TrackerConfig.defaults().logFormat()).isEqualTo("text");
    }

    @Test
    void aJsonLineCarriesTimeLevelLoggerMessageAndTheEventsFields() {
        LoggingEvent event = event(Level.INFO, "Node {} left the \"cluster\"", "n-2");
        event.addKeyValuePair(new KeyValuePair("nodeId", "n-2"));
        event.addKeyValuePair(new KeyValuePair("liveNodes", 3));

        String line = encode(event);

        assertThat(line).endsWith("\n").doesNotContain("\n{");
        JsonObject json = new JsonObject(line);
        assertThat(json.getLong("timestamp")).isEqualTo(event.getTimeStamp());
        assertThat(json.getString("level")).isEqualTo("INFO");
        assertThat(json.getString("loggerName")).isEqualTo("dev.hivecast.tracker.nodes.ClusterEvents");
        assertThat(json.getString("formattedMessage")).isEqualTo("Node n-2 left the \"cluster\"");
        assertThat(fields(json)).containsExactlyInAnyOrderEntriesOf(Map.of("nodeId", "n-2", "liveNodes", "3"));
        assertThat(json.fieldNames()).doesNotContain("message", "arguments", "sequenceNumber", "context");
    }

    @Test
    void anExceptionIsAStructuredFieldOfTheSameLine() {
        LoggingEvent event = event(Level.ERROR, "Dropped {} messages", 4);
        event.setThrowableProxy(new ch.qos.logback.classic.spi.ThrowableProxy(new IllegalStateException("gone\nreally")));

        JsonObject json = new JsonObject(encode(event));

        assertThat(json.getJsonObject("throwable").getString("className")).isEqualTo("java.lang.IllegalStateException");
        assertThat(json.getJsonObject("throwable").getString("message")).isEqualTo("gone\nreally");
    }

    private LoggingEvent event(Level level, String message, Object argument) {
        return new LoggingEvent(LogSetupTest.class.getName(),
                context.getLogger("dev.hivecast.tracker.nodes.ClusterEvents"), level, message, null,
                new Object[] {argument});
    }

    private String encode(LoggingEvent event) {
        return new String(LogSetup.jsonEncoder(context).encode(event), StandardCharsets.UTF_8);
    }

    /** kvpList is an array of one-member objects, in the order the code added them. */
    private static Map<String, Object> fields(JsonObject json) {
        JsonArray pairs = json.getJsonArray("kvpList");
        JsonObject merged = new JsonObject();
        for (int i = 0; i < pairs.size(); i++) {
            merged.mergeIn(pairs.getJsonObject(i));
        }
        return merged.getMap();
    }
}
