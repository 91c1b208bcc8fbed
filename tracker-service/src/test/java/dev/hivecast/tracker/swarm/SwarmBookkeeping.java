package dev.hivecast.tracker.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The swarm engine's bookkeeping, checked from the connections' side without a model: every
 * count (slice, loop, directory) equal to the members the connections hold, each member bound to
 * one open connection that lists it and found where the directory says, one member per
 * connection and swarm and per peer_id and swarm, no slice without a member (no empty swarm),
 * and the node-wide peer_id claims exactly the members' (none left behind by a leave).
 * Valid between steps, once cross-loop work has settled.
 */
final class SwarmBookkeeping {

    private SwarmBookkeeping() {
    }

    /** @param connections every connection ever opened on the node, closed ones included */
    static void check(LoopHarness node, List<Connection> connections) {
        check(node, connections, true);
    }

    /**
     * @param settled false while cross-loop work is in flight: then a member's claim may be
     *                another connection's while the takeover that drops the member is under way,
     *                and a claim may wait for its member while the handover is on its way;
     *                everything else holds at every moment, one member per peer_id and swarm
     *                included (a peer is never counted twice)
     */
    static void check(LoopHarness node, List<Connection> connections, boolean settled) {
        Map<SwarmSlice, Integer> held = new HashMap<>();
        Map<SwarmSlice, Integer> complete = new HashMap<>();
        Set<List<Object>> peerIdsPerSwarm = new HashSet<>();
        int openConnections = 0;
        for (Connection connection : connections) {
            openConnections += connection.isOpen() ? 1 : 0;
            if (!connection.isOpen()) {
                assertThat(connection.membershipCount()).as("members of a closed connection").isZero();
            }
            Set<Object> swarms = new HashSet<>();
            for (Member m : connection.memberships()) {
                assertThat(m.connection).isSameAs(connection);
                assertThat(swarms.add(m.slice.infoHash())).as("one member per connection and swarm").isTrue();
                assertThat(peerIdsPerSwarm.add(List.of(m.slice.infoHash(), m.peerId))).as("one member per peer_id and swarm").isTrue();
                assertThat(m.slice.get(m.peerId)).isSameAs(m);
                Connection owner = node.directory.claims().owner(m.slice.infoHash(), m.peerId);
                if (settled) {
                    assertThat(owner).as("the node-wide claim of %s", m.peerId).isSameAs(connection);
                } else {
                    assertThat(owner == connection || node.takeOverUnderWay(m.slice.infoHash(), m.peerId, connection))
                            .as("%s's member on %s while %s holds the claim", m.peerId, connection, owner).isTrue();
                }
                assertThat(node.directory.entry(m.slice.infoHash()).slice(connection.loop())).isSameAs(m.slice);
                held.merge(m.slice, 1, Integer::sum);
                complete.merge(m.slice, m.complete ? 1 : 0, Integer::sum);
            }
        }
        int members = 0;
        int completeMembers = 0;
        for (Map.Entry<SwarmSlice, Integer> e : held.entrySet()) {
            assertThat(e.getKey().size()).as("size of %s", e.getKey().infoHash()).isEqualTo(e.getValue());
            assertThat(e.getKey().complete()).isEqualTo(complete.get(e.getKey()));
            members += e.getValue();
            completeMembers += complete.get(e.getKey());
        }
        int slices = 0;
        int loopMembers = 0;
        int loopComplete = 0;
        int loopConnections = 0;
        for (LoopSwarms loop : node.loops) {
            slices += loop.sliceCount();
            loopMembers += loop.memberCount();
            loopComplete += loop.completeCount();
            loopConnections += loop.connectionCount();
        }
        // Every slice the loops hold has a member some connection lists: no empty swarm, no orphan.
        assertThat(slices).isEqualTo(held.size());
        assertThat(loopMembers).isEqualTo(members);
        if (settled) {
            assertThat(node.directory.claims().size()).as("claims without a member").isEqualTo(members);
        }
        assertThat(loopComplete).isEqualTo(completeMembers);
        assertThat(loopConnections).isEqualTo(openConnections);
        Set<Object> swarms = new HashSet<>();
        held.keySet().forEach(s -> swarms.add(s.infoHash()));
        assertThat(node.directory.swarmCount()).isEqualTo(swarms.size());
    }
}
