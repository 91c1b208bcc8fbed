package dev.hivecast.tracker.swarm;

import dev.hivecast.protocol.InfoHash;

/**
 * The other nodes' part of each swarm, for counts and for routing offers. Read on the hot path,
 * so an implementation answers from memory at once and refreshes behind the scenes.
 */
@FunctionalInterface
public interface RemoteSwarms {

    /** One node, no cluster: nothing is ever remote. */
    RemoteSwarms NONE = infoHash -> RemoteView.NONE;

    /** The swarm on the other nodes, as last seen; {@link RemoteView#NONE} when unknown. */
    RemoteView viewOf(InfoHash infoHash);
}
