package dev.hivecast.tracker.config;

import static dev.hivecast.tracker.config.Loading.printed;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code --help} lists every flag with its variable, default and meaning. */
class HelpTextTest {

    @Test
    void helpListsEveryKeyWithFlagVariableDefaultAndMeaning() {
        String help = printed("--help");
        // Picocli wraps at dots and slashes too, so compare the words without any white space.
        String squeezed = help.replaceAll("\\s+", "");

        for (ConfigKey key : ConfigKey.ALL) {
            String usage = key.type() == ValueType.BOOLEAN
                    ? key.flag() + "[=" + key.metavar() + "]" : key.flag() + "=" + key.metavar();
            assertThat(help).as(key.key()).containsPattern("\n +" + java.util.regex.Pattern.quote(usage) + "( |\n)");
            assertThat(squeezed).as(key.key())
                    .contains(squeeze("Env " + key.envVar() + "; default " + key.defaultText()))
                    .contains(squeeze(key.doc()));
        }
    }

    @Test
    void helpShowsUnitsDefaultsAndRangesAsTheyAreWritten() {
        String unwrapped = printed("--help").replaceAll("\n +", " ");

        assertThat(unwrapped).contains("Env TRACKER_ANNOUNCE_INTERVAL; default 2m; 1s to 1h.")
                .contains("Env TRACKER_CONNECTION_MAX_MESSAGE_SIZE; default 64KiB; 1KiB to 16MiB.")
                .contains("Env TRACKER_ADMIN_PORT; default (unset); 0 to 65535.");
    }

    @Test
    void helpExplainsTheOtherOptionsAndThePrecedence() {
        assertThat(printed("-h"))
                .contains("--config=FILE").contains("TRACKER_CONFIG")
                .contains("--print-default-config").contains("later sources win");
    }

    @Test
    void helpWinsOverEverythingElseOnTheCommandLineAndIgnoresTheEnvironment() {
        LoadResult result = ConfigLoader.load(new String[] {"--port", "1", "--help"},
                Map.of("TRACKER_BOGUS", "1"));

        assertThat(result).isInstanceOf(LoadResult.PrintAndExit.class);
        assertThat(((LoadResult.PrintAndExit) result).text()).startsWith("Usage:");
    }

    private static String squeeze(String text) {
        return text.replaceAll("\\s+", "");
    }
}
