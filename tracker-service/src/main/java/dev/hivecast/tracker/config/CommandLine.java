package dev.hivecast.tracker.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The parsed command line. Every key is a flag ({@code --announce.interval 60} or {@code
 * --announce.interval=60}); a boolean flag alone means true, and takes a following {@code
 * true}/{@code false} too. Values are type-checked here; ranges are checked after the merge.
 *
 * @param settings           key values in the order given (a repeated flag: the last wins)
 * @param configPath         {@code --config FILE}, or null
 * @param help               {@code --help} or {@code -h} was given
 * @param printDefaultConfig {@code --print-default-config} was given
 */
record CommandLine(List<Setting> settings, String configPath, boolean help,
        boolean printDefaultConfig) {

    static final String CONFIG = "--config";
    static final String HELP = "--help";
    static final String PRINT_DEFAULT_CONFIG = "--print-default-config";

    static CommandLine parse(String[] args) {
        List<Setting> settings = new ArrayList<>();
        String configPath = null;
        boolean help = false;
        boolean printDefaultConfig = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("-h")) {
                help = true;
                continue;
            }
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new ConfigException("Unexpected argument '" + arg + "': settings are given as"
                        + " --key value or --key=value (see --help).");
            }
            int eq = arg.indexOf('=');
            String flag = eq < 0 ? arg : arg.substring(0, eq);
            String value = eq < 0 ? null : arg.substring(eq + 1);
            switch (flag) {
                case HELP, PRINT_DEFAULT_CONFIG -> {
                    if (value != null) {
                        throw new ConfigException(flag + " takes no value, got '" + arg + "'.");
                    }
                    help |= flag.equals(HELP);
                    printDefaultConfig |= flag.equals(PRINT_DEFAULT_CONFIG);
                }
                case CONFIG -> {
                    if (value == null) {
                        value = requireNext(args, i++, flag, "FILE");
                    }
                    configPath = value;
                    if (configPath.isBlank()) {
                        throw new ConfigException("--config needs a file path.");
                    }
                }
                default -> i = addSetting(args, i, flag, value, settings);
            }
        }
        return new CommandLine(List.copyOf(settings), configPath, help, printDefaultConfig);
    }

    /** Adds the setting of key flag {@code args[i]}; returns the index of the last argument used. */
    private static int addSetting(String[] args, int i, String flag, String value,
            List<Setting> settings) {
        ConfigKey key = ConfigKey.byKey(flag.substring(2)).orElseThrow(() -> unknownFlag(flag));
        int last = i;
        if (value == null && key.type() == ValueType.BOOLEAN) {
            // A bare boolean flag means true; "--flag false" must still work.
            boolean valueFollows = i + 1 < args.length && isBoolean(args[i + 1]);
            value = valueFollows ? args[++last] : "true";
        } else if (value == null) {
            value = requireNext(args, last++, flag, key.metavar());
        }
        settings.add(new Setting(key, parse(key, value, flag), flag));
        return last;
    }

    /** The flags that are not keys. */
    static List<String> metaFlags() {
        return List.of(CONFIG, PRINT_DEFAULT_CONFIG, HELP);
    }

    private static Object parse(ConfigKey key, String raw, String flag) {
        try {
            return key.type().parse(raw);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("Invalid value for flag " + flag + ": expected "
                    + expected(key) + ", got '" + raw + "'.");
        }
    }

    static String expected(ConfigKey key) {
        return key.choices().isEmpty() ? key.type().expected()
                : "one of " + key.rangeText();
    }

    /** The argument after {@code args[i]}; the caller skips it. */
    private static String requireNext(String[] args, int i, String flag, String metavar) {
        if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
            throw new ConfigException("Flag " + flag + " needs a value: " + flag + " " + metavar
                    + " or " + flag + "=" + metavar + ".");
        }
        return args[i + 1];
    }

    private static boolean isBoolean(String s) {
        return s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false");
    }

    private static ConfigException unknownFlag(String flag) {
        List<Suggestions.Candidate> candidates = new ArrayList<>();
        List<String> valid = new ArrayList<>(metaFlags());
        for (String meta : metaFlags()) {
            candidates.add(new Suggestions.Candidate(meta, meta.substring(2)));
        }
        for (ConfigKey key : ConfigKey.values()) {
            candidates.add(Suggestions.Candidate.of(key, key.flag()));
            valid.add(key.flag());
        }
        return new ConfigException(Suggestions.unknown("Unknown flag " + flag,
                flag.substring(2), candidates, "Valid flags", valid));
    }
}
