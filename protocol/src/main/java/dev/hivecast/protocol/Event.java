package dev.hivecast.protocol;

/**
 * What an announce says about the peer. The wire spellings that mean {@link #UPDATE} are many:
 * no {@code event} key (BTc periodic re-announce), {@code ""} (old anacrolix/torrent),
 * {@code "empty"}, {@code "update"} and {@code "paused"} (accepted by the reference tracker).
 */
public enum Event {
    STARTED,
    COMPLETED,
    STOPPED,
    UPDATE
}
