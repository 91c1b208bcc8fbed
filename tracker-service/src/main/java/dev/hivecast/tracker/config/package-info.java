/**
 * Start-up configuration: nested typed records ({@link dev.hivecast.tracker.config.TrackerConfig}
 * and its sections) with named {@code DEFAULT_*} constants, and the loader that fills them.
 *
 * <p>Sources, later wins: the defaults, a YAML file ({@code --config FILE} or {@code
 * TRACKER_CONFIG}), {@code TRACKER_*} environment variables, command-line flags. Every key is
 * defined once, in {@code ConfigKey}, with its type, range and meaning; {@code --help}, {@code
 * --print-default-config} and the README table ({@link dev.hivecast.tracker.config.ConfigTable})
 * are all rendered from those definitions, so they cannot drift apart. Unknown keys, flags and
 * {@code TRACKER_*} variables are errors rather than silently ignored: a typo in a timeout should
 * stop the start, not ship.
 */
package dev.hivecast.tracker.config;
