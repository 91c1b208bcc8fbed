package dev.hivecast.tracker.config;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The command line, through picocli: one option per declared key ({@code --announce.interval 1m}
 * or {@code --announce.interval=1m}; a boolean alone means true), plus {@code --config}, {@code
 * --print-default-config} and {@code --help}, whose usage text picocli renders from the same
 * declarations. Values stay text here and are parsed by the key's type, so that every source
 * reports a bad value the same way.
 *
 * @param values             key values given (a repeated flag: the last wins)
 * @param configPath         {@code --config FILE}, or null
 * @param help               {@code --help} or {@code -h} was given
 * @param printDefaultConfig {@code --print-default-config} was given
 */
record Flags(List<SourcedValue> values, String configPath, boolean help, boolean printDefaultConfig) {

    static final String CONFIG = "--config";
    static final String HELP = "--help";
    static final String PRINT_DEFAULT_CONFIG = "--print-default-config";

    static Flags parse(String[] args) {
        for (String arg : args) {
            if (arg.startsWith(HELP + "=") || arg.startsWith(PRINT_DEFAULT_CONFIG + "=")) {
                throw new ConfigException(arg.substring(0, arg.indexOf('=')) + " takes no value, got '"
                        + arg + "'.");
            }
        }
        CommandLine commandLine = commandLine();
        ParseResult parsed;
        try {
            parsed = commandLine.parseArgs(args);
        } catch (UnmatchedArgumentException e) {
            throw unmatched(e.getUnmatched().get(0));
        } catch (ParameterException e) {
            throw missingValue(e);
        }
        List<SourcedValue> values = new ArrayList<>();
        for (ConfigKey key : ConfigKey.ALL) {
            if (parsed.hasMatchedOption(key.flag())) {
                String raw = parsed.matchedOptionValue(key.flag(), "");
                values.add(new SourcedValue(key, parse(key, raw), key.flag()));
            }
        }
        String configPath = parsed.matchedOptionValue(CONFIG, null);
        if (configPath != null && configPath.isBlank()) {
            throw new ConfigException("--config needs a file path.");
        }
        return new Flags(List.copyOf(values), configPath, parsed.isUsageHelpRequested(),
                parsed.hasMatchedOption(PRINT_DEFAULT_CONFIG));
    }

    /** The {@code --help} text. */
    static String usage() {
        return commandLine().getUsageMessage(CommandLine.Help.Ansi.OFF);
    }

    private static CommandLine commandLine() {
        CommandSpec spec = CommandSpec.create().name("hivecast-tracker");
        spec.usageMessage()
                .customSynopsis("hivecast-tracker [--config FILE] [--KEY VALUE | --KEY=VALUE]...")
                .description("", "Starts the Hivecast WebTorrent WebSocket tracker. Every setting has a"
                        + " default and can be set in a YAML file, by environment variable or by flag;"
                        + " later sources win: defaults, the file (--config FILE or TRACKER_CONFIG),"
                        + " TRACKER_* environment variables, flags. A boolean flag given alone means true."
                        + " Durations take a unit (500ms, 30s, 2m, 1h), sizes too (512B, 64KiB, 1MiB).")
                .optionListHeading("%nOptions:%n")
                .sortOptions(false)
                .width(100)
                .longOptionsMaxWidth(30);
        spec.addOption(OptionSpec.builder(CONFIG).paramLabel("FILE").type(String.class)
                .description("YAML config file with nested sections (env " + EnvironmentReader.CONFIG_VAR + ").")
                .build());
        spec.addOption(OptionSpec.builder(PRINT_DEFAULT_CONFIG).arity("0")
                .description("Print a commented config file holding every default, then exit.").build());
        spec.addOption(OptionSpec.builder("-h", HELP).usageHelp(true)
                .description("Print this help, then exit.").build());
        for (ConfigKey key : ConfigKey.ALL) {
            OptionSpec.Builder option = OptionSpec.builder(key.flag()).paramLabel(key.metavar())
                    .type(String.class).description(escape(key.doc()), escape(facts(key)));
            if (key.type() == ValueType.BOOLEAN) {
                option.arity("0..1").fallbackValue("true");
            }
            spec.addOption(option.build());
        }
        spec.parser().overwrittenOptionsAllowed(true).expandAtFiles(false);
        return new CommandLine(spec);
    }

    /** {@code Env TRACKER_PORT; default 8000; 0 to 65535.} */
    static String facts(ConfigKey key) {
        String range = key.choices().isEmpty() && !key.rangeText().isEmpty() ? "; " + key.rangeText() : "";
        return "Env " + key.envVar() + "; default " + key.defaultText() + range + ".";
    }

    private static Object parse(ConfigKey key, String raw) {
        try {
            return key.type().parse(raw);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("Invalid value for flag " + key.flag() + ": expected "
                    + key.expected() + ", got '" + raw + "'.");
        }
    }

    private static ConfigException unmatched(String arg) {
        if (!arg.startsWith("--") || arg.length() == 2) {
            return new ConfigException("Unexpected argument '" + arg + "': settings are given as"
                    + " --key value or --key=value (see --help).");
        }
        String flag = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
        List<Suggestions.Candidate> candidates = new ArrayList<>();
        List<String> valid = new ArrayList<>(List.of(CONFIG, PRINT_DEFAULT_CONFIG, HELP));
        valid.forEach(meta -> candidates.add(new Suggestions.Candidate(meta, meta.substring(2))));
        for (ConfigKey key : ConfigKey.ALL) {
            candidates.add(Suggestions.Candidate.of(key, key.flag()));
            valid.add(key.flag());
        }
        return new ConfigException(Suggestions.unknown("Unknown flag " + flag, flag.substring(2),
                candidates, "Valid flags", valid));
    }

    private static ConfigException missingValue(ParameterException e) {
        ArgSpec arg = e instanceof MissingParameterException missing && !missing.getMissing().isEmpty()
                ? missing.getMissing().get(0) : e.getArgSpec();
        if (arg instanceof OptionSpec option && option.arity().min() > 0) {
            String flag = option.longestName();
            return new ConfigException("Flag " + flag + " needs a value: " + flag + " " + option.paramLabel()
                    + " or " + flag + "=" + option.paramLabel() + ".");
        }
        return new ConfigException(e.getMessage());
    }

    /** Picocli reads descriptions as format strings. */
    private static String escape(String text) {
        return text.replace("%", "%%");
    }
}
