package dev.hivecast.tracker.config;

import java.util.List;

/**
 * The configuration cannot be used. The message is written for the person starting the tracker:
 * it names the key, flag or variable, where the value came from, and what is accepted. Print it
 * without a stack trace and exit with status 2.
 */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    /** One line for one problem; a list when several rules are broken at once. */
    static ConfigException of(List<String> problems) {
        if (problems.size() == 1) {
            return new ConfigException(problems.get(0));
        }
        return new ConfigException(problems.size() + " configuration errors:\n  "
                + String.join("\n  ", problems));
    }
}
