/**
 * Who may use the tracker: the info_hash allow and deny lists (and their reloading), and the
 * checks made when a WebSocket upgrade arrives ({@link dev.hivecast.tracker.access.UpgradeGate}:
 * Origin lists, signed announce URLs). The rules themselves are plain code with no Vert.x type,
 * so they are unit-tested alone; only the list sources and the reloader touch Vert.x.
 */
package dev.hivecast.tracker.access;
