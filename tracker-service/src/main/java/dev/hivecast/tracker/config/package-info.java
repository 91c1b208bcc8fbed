/**
 * Start-up configuration: {@link dev.hivecast.tracker.config.TrackerConfig} and its section
 * records, the typed view the rest of the code reads, and the loader that fills them.
 *
 * <p>Each setting is declared once, by a {@code @Setting} annotation on its record component
 * (default, range, one-line doc); its key is the component's name in kebab case under its
 * section. Flags (through picocli), {@code TRACKER_*} variables, the YAML file, {@code --help},
 * {@code --print-default-config} and the reference in docs/configuration.md ({@link
 * dev.hivecast.tracker.config.ConfigReference}) are all derived from the declarations, so they
 * cannot drift apart. Sources, later wins: the defaults, a YAML file ({@code --config FILE} or
 * {@code TRACKER_CONFIG}), {@code TRACKER_*} environment variables, command-line flags. Unknown
 * keys, flags and {@code TRACKER_*} variables are errors rather than silently ignored: a typo in
 * a timeout should stop the start, not ship.
 *
 * <p>Names: a {@code *Config} record is a section of this configuration, as the user writes it; a
 * {@code *Settings} record is what one module takes to run (the swarm's {@code SwarmSettings}, the
 * cluster module's {@code BackendSettings}), mapped from the sections where the node is wired.
 */
package dev.hivecast.tracker.config;
