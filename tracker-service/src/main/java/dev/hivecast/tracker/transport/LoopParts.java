package dev.hivecast.tracker.transport;

import dev.hivecast.protocol.TrackerCodec;
import dev.hivecast.tracker.access.InfoHashPolicy;
import dev.hivecast.tracker.config.ConnectionConfig;
import dev.hivecast.tracker.locality.LocalityResolver;
import dev.hivecast.tracker.insight.AnnouncedBytes;
import dev.hivecast.tracker.nodes.ClusterView;
import dev.hivecast.tracker.nodes.NodeLink;
import dev.hivecast.tracker.swarm.SliceDirectory;
import dev.hivecast.tracker.swarm.SwarmSettings;
import io.vertx.core.net.PemKeyCertOptions;

/**
 * What every signaling loop of a node is built from, made once by {@code TrackerServer} and never
 * changed. Each loop builds its own parts from it when it starts (its swarms, outboxes, request
 * pipeline and listener); nothing here is per loop.
 *
 * @param loops      the node's loops and open connections
 * @param admission  who may open a connection, and the rates a connection's messages pass
 * @param directory  which loops hold a slice of each swarm; one slot per loop
 * @param view       the cache of the other nodes' shares; null on a lone node
 * @param link       the link to the other nodes; null on a lone node
 * @param swarm      what the swarm logic reads from the configuration
 * @param connection the connection section: message size, keepalive, send queue
 * @param codec      parses and writes the wire protocol under its limits
 * @param infoHashes which info_hashes this node serves (the access lists)
 * @param tls        the certificate to serve wss:// with; null for plain ws://
 * @param timings    where the loops report durations
 * @param locality   where a connection's client is (IP, site, AS, country); off unless configured
 * @param announced  where the uploaded and downloaded of announces are counted
 * @param iceCandidates whether relayed offers are read for their ICE candidate kinds
 */
public record LoopParts(Loops loops, Admission admission, SliceDirectory directory, ClusterView view, NodeLink link,
                        SwarmSettings swarm, ConnectionConfig connection, TrackerCodec codec,
                        InfoHashPolicy infoHashes, PemKeyCertOptions tls, SignalingTimings timings,
                        LocalityResolver locality,
                        AnnouncedBytes announced, boolean iceCandidates) {
}
