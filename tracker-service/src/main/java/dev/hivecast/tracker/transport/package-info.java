/**
 * Sockets and event loops: everything Vert.x, nothing of the swarm rules.
 *
 * <p>Each event loop runs one {@link dev.hivecast.tracker.transport.SignalingLoop} with its share of
 * the public listener. A {@link dev.hivecast.tracker.transport.ConnectionHandler} per WebSocket does
 * framing, writes and health, and hands each whole message to the loop's
 * {@link dev.hivecast.tracker.transport.RequestPipeline}: parse, rates, access lists, view warm-up,
 * membership limits, then the loop's swarms. {@link dev.hivecast.tracker.transport.LoopOutbox}
 * carries out what the swarms decided (write, hand to another loop, send to another node) and
 * counts it; {@link dev.hivecast.tracker.transport.Loops} holds the node's loops and open
 * connections. Until a connection is a WebSocket, an {@link dev.hivecast.tracker.transport.HttpGuard}
 * in its Netty pipeline bounds its HTTP (one request in flight, a deadline per request, no
 * ambiguous framing), on the admin listener too; {@link dev.hivecast.tracker.transport.NewConnections}
 * gives it its places in the connection limits from accept to close. All of it is built once, by {@code TrackerServer}, from
 * {@link dev.hivecast.tracker.transport.LoopParts}.
 */
package dev.hivecast.tracker.transport;
