package dev.hivecast.tracker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Shorthands for the tests: load from flags and env, expect a config or a message. */
final class Loading {

    private Loading() {
    }

    static TrackerConfig config(Map<String, String> env, String... args) {
        LoadResult result = ConfigLoader.load(args, env);
        assertThat(result).isInstanceOf(LoadResult.Start.class);
        return ((LoadResult.Start) result).config();
    }

    static TrackerConfig config(String... args) {
        return config(Map.of(), args);
    }

    static String printed(String... args) {
        LoadResult result = ConfigLoader.load(args, Map.of());
        assertThat(result).isInstanceOf(LoadResult.PrintAndExit.class);
        return ((LoadResult.PrintAndExit) result).text();
    }

    static String error(Map<String, String> env, String... args) {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.load(args, env));
        assertThat(e).as("a ConfigException").isNotNull();
        return e.getMessage();
    }

    static String error(String... args) {
        return error(Map.of(), args);
    }

    static Path yaml(Path dir, String text) {
        return yaml(dir, "tracker.yaml", text);
    }

    static Path yaml(Path dir, String name, String text) {
        try {
            return Files.writeString(dir.resolve(name), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
