package dev.hivecast.tracker.config;

/**
 * One value for one key from one source.
 *
 * @param origin where it came from, as the user wrote it: {@code --port}, {@code TRACKER_PORT},
 *               or the config file's path
 */
record SourcedValue(ConfigKey key, Object value, String origin) {
}
