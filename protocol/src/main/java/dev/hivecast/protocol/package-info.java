/**
 * The WebTorrent WebSocket tracker wire protocol as pure data: typed requests parsed from frame
 * bytes, typed replies encoded to frame bytes. No I/O and no Vert.x here (only jackson-core), so the
 * load test reuses it and the fuzzer drives it alone. Every quirk of the wire lives in this package,
 * with a comment naming the client or server it comes from; see {@code shared/PROTOCOL.md}.
 */
package dev.hivecast.protocol;
