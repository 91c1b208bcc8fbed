package dev.hivecast.tracker.config;

import java.util.Objects;

/** What {@link ConfigLoader#load} decided: start with a config, or print a text and exit 0. */
public sealed interface LoadResult {

    /** Start the tracker with this validated config. */
    record Start(TrackerConfig config) implements LoadResult {
        public Start {
            Objects.requireNonNull(config, "config");
        }
    }

    /** {@code --help} or {@code --print-default-config}: print {@code text} to stdout, exit 0. */
    record PrintAndExit(String text) implements LoadResult {
        public PrintAndExit {
            Objects.requireNonNull(text, "text");
        }
    }
}
