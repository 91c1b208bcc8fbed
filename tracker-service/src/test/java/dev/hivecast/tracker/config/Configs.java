package dev.hivecast.tracker.config;

import java.util.Map;

/** Configurations for tests in any package, written as an operator writes them: flags. */
public final class Configs {

    private Configs() {
    }

    /** The configuration these flags give on a machine with no environment and no config file. */
    public static TrackerConfig parse(String... flags) {
        if (ConfigLoader.load(flags, Map.of()) instanceof LoadResult.Start start) {
            return start.config();
        }
        throw new IllegalArgumentException("these flags do not start a tracker: " + String.join(" ", flags));
    }
}
