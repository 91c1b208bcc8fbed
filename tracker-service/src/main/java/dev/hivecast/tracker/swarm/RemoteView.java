package dev.hivecast.tracker.swarm;

import dev.hivecast.tracker.locality.NearSummary;
import java.util.List;

/**
 * One swarm as the other nodes of the cluster hold it, as last read from the cluster directory:
 * which nodes have members and how many. Immutable; a node's own members are never in it.
 */
public record RemoteView(List<NodeMembers> nodes, int complete, int incomplete, long downloaded) {

    public static final RemoteView NONE = new RemoteView(List.of(), 0, 0, 0);

    /**
     * The swarm's members on node {@code nodeId}, and its largest locality groups of the swarm
     * ({@link NearSummary#EMPTY} when it publishes none: locality off, or a node of an older release).
     */
    public record NodeMembers(String nodeId, int complete, int incomplete, long downloaded, NearSummary near) {
        public NodeMembers(String nodeId, int complete, int incomplete, long downloaded) {
            this(nodeId, complete, incomplete, downloaded, NearSummary.EMPTY);
        }

        public int members() {
            return complete + incomplete;
        }
    }

    /** Sums the nodes' counts. */
    public static RemoteView of(List<NodeMembers> nodes) {
        if (nodes.isEmpty()) {
            return NONE;
        }
        int complete = 0;
        int incomplete = 0;
        long downloaded = 0;
        for (NodeMembers n : nodes) {
            complete += n.complete();
            incomplete += n.incomplete();
            downloaded += n.downloaded();
        }
        return new RemoteView(nodes, complete, incomplete, downloaded);
    }

    /** The same view without node {@code nodeId} (it left the cluster). */
    public RemoteView without(String nodeId) {
        return of(nodes.stream().filter(n -> !n.nodeId().equals(nodeId)).toList());
    }

    public RemoteView {
        nodes = List.copyOf(nodes);
    }

    public int members() {
        return complete + incomplete;
    }
}
