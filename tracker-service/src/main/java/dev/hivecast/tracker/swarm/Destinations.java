package dev.hivecast.tracker.swarm;

import dev.hivecast.protocol.InfoHash;
import java.util.List;

/**
 * Where one announce's offers can go, with the candidates each place holds: slot 0 is the
 * offerer's loop (minus the offerer), 1..loops-1 the other loops of this node in order, then the
 * other nodes of the cluster as {@code nodes} lists them. The rooms are the draw's to decrement.
 */
record Destinations(int[] room, int[] loopOf, int loops, List<RemoteView.NodeMembers> nodes) {

    static Destinations of(SliceDirectory directory, InfoHash infoHash, int loopIndex, int own, RemoteView view) {
        SliceDirectory.Entry entry = directory.entry(infoHash);
        int loops = directory.loops();
        List<RemoteView.NodeMembers> nodes = view.nodes();
        int[] room = new int[loops + nodes.size()];
        int[] loopOf = new int[loops];
        room[0] = own;
        loopOf[0] = loopIndex;
        for (int k = 0, slot = 1; k < loops; k++) {
            if (k != loopIndex) {
                SwarmSlice s = entry == null ? null : entry.slice(k);
                room[slot] = s == null ? 0 : s.size();
                loopOf[slot++] = k;
            }
        }
        for (int n = 0; n < nodes.size(); n++) {
            room[loops + n] = nodes.get(n).members();
        }
        return new Destinations(room, loopOf, loops, nodes);
    }

    /** A copy of the rooms with only {@code [from, to)} left open. */
    int[] stage(int from, int to) {
        int[] r = new int[room.length];
        System.arraycopy(room, from, r, from, to - from);
        return r;
    }
}
