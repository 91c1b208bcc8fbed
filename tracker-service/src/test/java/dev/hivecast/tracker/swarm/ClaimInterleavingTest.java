package dev.hivecast.tracker.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivecast.protocol.AnnounceRequest;
import dev.hivecast.protocol.Event;
import dev.hivecast.protocol.InfoHash;
import dev.hivecast.protocol.PeerId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Identity (check F42 of docs/protocol.md) and I65 while the event loops interleave: unlike
 * {@link SwarmActionsTest}, nothing settles after a step, so takeovers, handovers and
 * forwarded offers are in flight between loops while connections announce, close and expire,
 * and {@link SwarmOp.Deliver} steps choose which loop runs next. At every moment a peer is
 * counted once (one member per peer_id and swarm, node-wide, every count equal to the members
 * held) and offers in a peer_id's name leave only the connection holding its node-wide claim
 * (or one whose member a takeover under way is about to drop): never a thief's. Once settled,
 * the claims are exactly the members'. The runs come from {@link ActionSequences}, shortest
 * first, and a failure is cut down to the shortest interleaving that still breaks a rule.
 */
class ClaimInterleavingTest {

    private static final String TAKEOVER_MEANWHILE = "a client step while a takeover was in flight";

    /** The node under test: how many event loops it runs. */
    private record Node(int loops) {
    }

    @Test
    void F42_howeverTheLoopsInterleaveAPeerIsCountedOnceAndOnlyItsClaimantRelaysInItsName() {
        ActionSequences.Coverage coverage = new ActionSequences<>("F42 claim interleaving", 2000, 60,
                r -> new Node(2 + r.nextInt(2)), ClaimInterleavingTest::op)
                .simplifyingSetupsWith(node -> node.loops() > 2 ? List.of(new Node(2)) : List.of())
                .check(ClaimInterleavingTest::run);

        assertThat(coverage.percent(TAKEOVER_MEANWHILE)).as("runs with %s, of %s", TAKEOVER_MEANWHILE, coverage)
                .isGreaterThanOrEqualTo(10);
    }

    private static Set<String> run(Node setup, List<SwarmOp> ops) {
        LoopHarness node = new LoopHarness(setup.loops());
        node.autoSettle = false;
        node.offerWatcher = (infoHash, offerer, from) -> {
            Connection owner = node.directory.claims().owner(infoHash, offerer);
            assertThat(owner == from || node.takeOverUnderWay(infoHash, offerer, from))
                    .as("an offer in %s's name from %s while %s holds it", offerer, from, owner).isTrue();
        };
        List<LoopHarness.Client> conns = new ArrayList<>();
        boolean inFlightMeanwhile = false;
        for (SwarmOp op : ops) {
            inFlightMeanwhile |= apply(node, conns, op) && node.takeOverInFlight();
            SwarmBookkeeping.check(node, connections(conns), false);
        }
        node.settle();
        SwarmBookkeeping.check(node, connections(conns), true);
        return inFlightMeanwhile ? Set.of(TAKEOVER_MEANWHILE) : Set.of();
    }

    /** Applies one step; true when it was a client's (not a loop's, not the clock's). */
    private static boolean apply(LoopHarness node, List<LoopHarness.Client> conns, SwarmOp op) {
        if (op instanceof SwarmOp.Open o) {
            if (conns.size() < SwarmOp.MAX_CONNECTIONS) {
                conns.add(node.client(o.loop() % node.loops.size(), "10.0.0." + (o.address() + 1)));
            }
            return true;
        }
        if (op instanceof SwarmOp.Deliver d) {
            node.deliverNext(d.loop() % node.loops.size());
            return false;
        }
        if (op instanceof SwarmOp.AdvanceAndSweep a) {
            node.advance(java.time.Duration.ofSeconds(a.seconds()));
            node.loops.forEach(LoopSwarms::sweep);
            return false;
        }
        List<LoopHarness.Client> open = conns.stream().filter(c -> c.connection.isOpen()).toList();
        if (open.isEmpty()) {
            return false;
        }
        if (op instanceof SwarmOp.Announce a) {
            open.get(a.conn() % open.size()).announce(new AnnounceRequest(swarm(a.swarm()), peer(a.peer()), a.event(),
                    a.complete(), AnnounceRequest.NUMWANT_ABSENT, LoopHarness.offers(a.offers())));
        } else if (op instanceof SwarmOp.Close c) {
            open.get(c.conn() % open.size()).close();
        }
        return true;
    }

    private static List<Connection> connections(List<LoopHarness.Client> conns) {
        return conns.stream().map(c -> c.connection).toList();
    }

    private static InfoHash swarm(int i) {
        return new InfoHash(id('S', i));
    }

    private static PeerId peer(int i) {
        return new PeerId(id('P', i));
    }

    private static byte[] id(char kind, int i) {
        byte[] b = new byte[20];
        b[0] = (byte) kind;
        b[19] = (byte) i;
        return b;
    }

    /**
     * Opens 2, announces 6, closes 1, deliveries 5, time passing 1, in 15; few swarms, peer_ids
     * and addresses, so that claims collide: reconnects and thieves.
     */
    private static SwarmOp op(Random r) {
        int pick = r.nextInt(15);
        if (pick < 2) {
            return new SwarmOp.Open(r.nextInt(3), r.nextInt(2));
        } else if (pick < 8) {
            return new SwarmOp.Announce(r.nextInt(SwarmOp.MAX_CONNECTIONS), r.nextInt(2), r.nextInt(3),
                    Event.values()[r.nextInt(Event.values().length)], r.nextBoolean(), -1, r.nextInt(4), 0);
        } else if (pick < 9) {
            return new SwarmOp.Close(r.nextInt(SwarmOp.MAX_CONNECTIONS));
        } else if (pick < 14) {
            return new SwarmOp.Deliver(r.nextInt(3));
        }
        return new SwarmOp.AdvanceAndSweep(new int[] {0, 121, 181}[r.nextInt(3)]);
    }
}
