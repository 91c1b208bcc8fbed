/**
 * The WebTorrent WebSocket tracker wire protocol as pure data, both directions: the tracker's
 * {@link dev.hivecast.protocol.TrackerCodec} parses requests and encodes replies, the client's
 * {@link dev.hivecast.protocol.ClientCodec} encodes requests (as real clients write them) and
 * parses replies. No I/O and no Vert.x here (only jackson-core), so the load test and the tests
 * talk through it and the fuzzer drives it alone. Every quirk of the wire lives in this package,
 * with a comment naming the client or server it comes from.
 */
package dev.hivecast.protocol;
