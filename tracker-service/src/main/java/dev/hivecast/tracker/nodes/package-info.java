/**
 * This node's side of a cluster, over whichever {@code ClusterBackend} is configured: relays to
 * other nodes ({@link dev.hivecast.tracker.nodes.NodeSendBatches}, then
 * {@link dev.hivecast.tracker.nodes.NodeLink} and {@link dev.hivecast.tracker.nodes.NodeMessageCodec}),
 * the other nodes' shares as this node last read them ({@link dev.hivecast.tracker.nodes.ClusterView}),
 * this node's shares as it publishes them ({@link dev.hivecast.tracker.nodes.SharePublisher}), and
 * what the backend reports ({@link dev.hivecast.tracker.nodes.ClusterEvents}). Nothing here exists
 * on a lone node.
 */
package dev.hivecast.tracker.nodes;
