package dev.hivecast.cluster;

/**
 * One node's part of one swarm: how many of the swarm's members are connected to that node.
 *
 * @param complete   members with nothing left to download (seeders)
 * @param incomplete the other members (leechers)
 * @param downloaded completions that node has seen for the swarm
 */
public record NodeShare(int complete, int incomplete, long downloaded) {

    public static final NodeShare NONE = new NodeShare(0, 0, 0);

    public NodeShare {
        if (complete < 0 || incomplete < 0 || downloaded < 0) {
            throw new IllegalArgumentException("negative count in " + complete + "/" + incomplete + "/" + downloaded);
        }
    }

    public int members() {
        return complete + incomplete;
    }

    /** A node with no member left in the swarm: publishing it removes the node from the swarm. */
    public boolean isEmpty() {
        return complete == 0 && incomplete == 0;
    }
}
