package dev.hivecast.tracker.swarm;

import dev.hivecast.tracker.locality.GroupKey;
import dev.hivecast.tracker.locality.Locality;
import dev.hivecast.tracker.locality.LocalityLevel;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Near offers this node has no near member for, placed on the other nodes that published members
 * of the offerer's groups (their {@link dev.hivecast.tracker.locality.NearSummary}), closest level
 * first, in proportion to those members. The receiving node then draws them near the offerer.
 */
final class NearNodes {

    private NearNodes() {
    }

    /**
     * How many of {@code wanted} near offers each node of {@code nodes} takes (by index), or null
     * when no node published a member of the offerer's groups. A closed site looks no farther
     * than the site.
     */
    static int[] plan(List<RemoteView.NodeMembers> nodes, Locality offerer, int wanted, RandomGenerator random) {
        if (wanted <= 0 || nodes.isEmpty()) {
            return null;
        }
        int[] taken = null;
        int[] room = new int[nodes.size()];
        int last = offerer.closed() ? LocalityLevel.SITE.ordinal() : LocalityLevel.SHARED - 1;
        int remaining = wanted;
        for (int level = 0; level <= last && remaining > 0; level++) {
            GroupKey key = offerer.key(level);
            if (key == null) {
                continue;
            }
            boolean any = false;
            for (int n = 0; n < nodes.size(); n++) {
                RemoteView.NodeMembers node = nodes.get(n);
                int published = Math.min(node.near().count(key), node.members());
                room[n] = Math.max(0, published - (taken == null ? 0 : taken[n]));
                any |= room[n] > 0;
            }
            if (any) {
                taken = taken == null ? new int[nodes.size()] : taken;
                remaining -= OfferSplit.split(remaining, room, taken, random);
            }
        }
        return taken;
    }
}
