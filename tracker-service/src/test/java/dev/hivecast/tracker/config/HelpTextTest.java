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
        String unwrapped = help.replaceAll("\n +", " ");

        for (ConfigKey key : ConfigKey.values()) {
            assertThat(help).as(key.key()).contains("  " + key.flag() + " " + key.metavar() + "\n");
            assertThat(unwrapped).as(key.key())
                    .contains("Env " + key.envVar() + "; default " + key.defaultText())
                    .contains(key.description());
        }
    }

    @Test
    void helpExplainsTheOtherOptionsAndThePrecedence() {
        assertThat(printed("-h"))
                .contains("--config FILE").contains("TRACKER_CONFIG")
                .contains("--print-default-config").contains("later sources win");
    }

    @Test
    void helpWinsOverEverythingElseOnTheCommandLineAndIgnoresTheEnvironment() {
        LoadResult result = ConfigLoader.load(new String[] {"--port", "1", "--help"},
                Map.of("TRACKER_BOGUS", "1"));

        assertThat(result).isInstanceOf(LoadResult.PrintAndExit.class);
        assertThat(((LoadResult.PrintAndExit) result).text()).startsWith("Usage:");
    }
}
