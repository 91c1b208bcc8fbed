/**
 * Offload figures: how many bytes players got from each other and over HTTP. Player pages report
 * them in beacons ({@link dev.hivecast.tracker.insight.BeaconEndpoint}); WebTorrent clients in the
 * {@code uploaded} and {@code downloaded} of their announces
 * ({@link dev.hivecast.tracker.insight.AnnouncedBytes}). Both are summed per source and per named
 * stream ({@link dev.hivecast.tracker.insight.PlayerBytes}); nothing is kept per player.
 */
package dev.hivecast.tracker.insight;
