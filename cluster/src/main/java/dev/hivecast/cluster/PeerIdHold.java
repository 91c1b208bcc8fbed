package dev.hivecast.cluster;

/**
 * One connection's hold on a peer_id in a swarm, as the cluster's peer_id directory stores it:
 * which node, which hold on that node (a number the node never reuses) and which client address,
 * the one thing the binding rule compares (docs/protocol.md#identity).
 *
 * @param swarm  info_hash as 40 hex digits
 * @param peerId peer_id as 40 hex digits
 */
public record PeerIdHold(String swarm, String peerId, String nodeId, long hold, String client) {

    /** The directory's key: one entry per (swarm, peer_id). */
    String key() {
        return swarm + ":" + peerId;
    }

    /** The directory's value: node, hold and client, separated by single spaces. */
    String value() {
        return nodeId + " " + hold + " " + client;
    }

    /** What {@link #value()} starts with: a release removes an entry only if it is still this hold's. */
    String valuePrefix() {
        return nodeId + " " + hold + " ";
    }

    /** The holder stored as {@code value} under {@code key}, or null if it is not in that form. */
    static PeerIdHold parse(String key, String value) {
        int colon = key.indexOf(':');
        String[] parts = value.split(" ", 3);
        if (colon < 0 || parts.length != 3) {
            return null;
        }
        try {
            return new PeerIdHold(key.substring(0, colon), key.substring(colon + 1), parts[0],
                    Long.parseLong(parts[1]), parts[2]);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The payload that tells {@link #nodeId()} its hold was taken over: key, then hold number. */
    String notice() {
        return key() + " " + hold;
    }

    /** Reads a {@link #notice()} into the listener's call; ignores anything else. */
    static void deliverNotice(String notice, ClusterListener listener) {
        String[] parts = notice.split(" ", 2);
        int colon = parts[0].indexOf(':');
        if (parts.length == 2 && colon > 0) {
            try {
                listener.peerIdTakenOver(parts[0].substring(0, colon), parts[0].substring(colon + 1),
                        Long.parseLong(parts[1]));
            } catch (NumberFormatException ignored) {
                // Not from a node of this build: nothing to act on.
            }
        }
    }
}
