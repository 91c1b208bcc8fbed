/**
 * Swarm membership and signaling relay, as plain synchronous code with no Vert.x, socket or meter.
 *
 * <p>Each event loop owns one {@link LoopSwarms}: the swarm slices of its own connections, touched
 * only by that thread, so there is no lock on the hot path. A node-wide {@link SliceDirectory}
 * (concurrent, updated only when a slice appears or disappears) tells a loop which other loops
 * hold members of a swarm. An announce serves offers from the loop's own members first and hands
 * the rest to other loops as {@link LoopMessage}s; the offer carries its origin, so the answer
 * goes straight back. The same shape serves the cluster, where a loop is a node.
 *
 * <p>Handlers return what to send through an {@link Outbox}; the transport carries it out.
 */
package dev.hivecast.tracker.swarm;
