package dev.hivecast.tracker;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import dev.hivecast.tracker.config.TrackerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code log-level} and {@code log-format} to logback once the configuration is read and
 * before the tracker starts, so the start-up lines already have the chosen level and format. The
 * console appender and the text pattern stay declared in logback.xml; json replaces that appender
 * with one that writes to the same stream through logback's JSON encoder.
 */
public final class LogSetup {

    /** The console appender's name in logback.xml. */
    static final String CONSOLE_APPENDER = "STDOUT";

    private LogSetup() {
    }

    /** Sets the root level and, for {@code json}, the JSON console appender; a no-op without logback. */
    public static void apply(TrackerConfig config) {
        // Another SLF4J binding on the class path brings its own configuration; leave it alone.
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(config.logLevel(), Level.INFO));
        if (config.logFormat().equals("json")
                && root.getAppender(CONSOLE_APPENDER) instanceof ConsoleAppender<ILoggingEvent> text) {
            // Attached before the text appender goes, so that an event from another thread is never lost.
            root.addAppender(jsonConsole(context, text));
            root.detachAppender(text);
            text.stop();
        }
    }

    /** A console appender like {@code text}, writing to the same stream, with the JSON encoder. */
    private static ConsoleAppender<ILoggingEvent> jsonConsole(LoggerContext context, ConsoleAppender<ILoggingEvent> text) {
        ConsoleAppender<ILoggingEvent> json = new ConsoleAppender<>();
        json.setContext(context);
        json.setName(CONSOLE_APPENDER);
        json.setTarget(text.getTarget());
        json.setEncoder(jsonEncoder(context));
        json.start();
        return json;
    }

    /**
     * logback's own JSON encoder, one object per line: timestamp (epoch milliseconds), level,
     * threadName, loggerName, mdc, kvpList (the event's SLF4J key-value pairs), formattedMessage and
     * throwable. The raw pattern, its arguments, the sequence number and the context are left out:
     * the formatted message and the key-value pairs already carry them.
     */
    static Encoder<ILoggingEvent> jsonEncoder(LoggerContext context) {
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(context);
        encoder.setWithSequenceNumber(false);
        encoder.setWithNanoseconds(false);
        encoder.setWithContext(false);
        encoder.setWithMessage(false);
        encoder.setWithArguments(false);
        encoder.setWithFormattedMessage(true);
        encoder.start();
        return encoder;
    }
}
