package dev.hivecast.tracker.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivecast.protocol.AnnounceRequest;
import dev.hivecast.protocol.Event;
import dev.hivecast.protocol.InfoHash;
import dev.hivecast.protocol.PeerId;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * PROTOCOL.md section 0 "Identity" (§9 F42) and I65 while the event loops interleave: unlike
 * {@link SwarmActionsTest}, nothing settles after a step, so takeovers, handovers and
 * forwarded offers are in flight between shards while connections announce, close and expire,
 * and {@link SwarmOp.Deliver} steps choose which loop runs next. At every moment a peer is
 * counted once (one member per peer_id and swarm, node-wide, every count equal to the members
 * held) and offers in a peer_id's name leave only the connection holding its node-wide claim
 * (or one whose member a takeover under way is about to drop): never a thief's. Once settled,
 * the claims are exactly the members'.
 */
class ClaimInterleavingTest {

    @Property(tries = 1000, edgeCases = EdgeCasesMode.NONE)
    void F42_howeverTheLoopsInterleaveAPeerIsCountedOnceAndOnlyItsClaimantRelaysInItsName(
            @ForAll @IntRange(min = 2, max = 3) int shards, @ForAll("sequences") List<SwarmOp> ops) {
        LoopHarness node = new LoopHarness(shards);
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
            SwarmBookkeeping.check(node, sessions(conns), false);
        }
        node.settle();
        SwarmBookkeeping.check(node, sessions(conns), true);
        Statistics.label("a client step while a takeover was in flight").collect(inFlightMeanwhile);
        Statistics.label("a client step while a takeover was in flight")
                .coverage(c -> c.check(true).percentage(p -> p >= 10));
    }

    /** Applies one step; true when it was a client's (not a loop's, not the clock's). */
    private static boolean apply(LoopHarness node, List<LoopHarness.Client> conns, SwarmOp op) {
        if (op instanceof SwarmOp.Open o) {
            if (conns.size() < SwarmOp.MAX_CONNECTIONS) {
                conns.add(node.client(o.shard() % node.shards.size(), "10.0.0." + (o.address() + 1)));
            }
            return true;
        }
        if (op instanceof SwarmOp.Deliver d) {
            node.deliverNext(d.shard() % node.shards.size());
            return false;
        }
        if (op instanceof SwarmOp.AdvanceAndSweep a) {
            node.advance(java.time.Duration.ofSeconds(a.seconds()));
            node.shards.forEach(LoopSwarms::sweep);
            return false;
        }
        List<LoopHarness.Client> open = conns.stream().filter(c -> c.session.isOpen()).toList();
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

    private static List<Connection> sessions(List<LoopHarness.Client> conns) {
        return conns.stream().map(c -> c.session).toList();
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

    @Provide
    Arbitrary<List<SwarmOp>> sequences() {
        Arbitrary<Integer> conn = Arbitraries.integers().between(0, SwarmOp.MAX_CONNECTIONS - 1);
        // Few swarms, peer_ids and addresses, so that claims collide: reconnects and thieves.
        Arbitrary<SwarmOp> announce = Combinators.combine(conn, Arbitraries.integers().between(0, 1),
                        Arbitraries.integers().between(0, 2), Arbitraries.of(Event.class), Arbitraries.of(true, false),
                        Arbitraries.integers().between(0, 3))
                .as((c, swarm, peer, event, complete, offers) ->
                        new SwarmOp.Announce(c, swarm, peer, event, complete, -1, offers, 0));
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(2, Combinators.combine(Arbitraries.integers().between(0, 2),
                                Arbitraries.integers().between(0, 1)).as(SwarmOp.Open::new)),
                        net.jqwik.api.Tuple.of(6, announce),
                        net.jqwik.api.Tuple.of(1, conn.map(SwarmOp.Close::new)),
                        net.jqwik.api.Tuple.of(5, Arbitraries.integers().between(0, 2).map(SwarmOp.Deliver::new)),
                        net.jqwik.api.Tuple.of(1, Arbitraries.of(0, 121, 181).map(SwarmOp.AdvanceAndSweep::new)))
                .list().ofMinSize(8).ofMaxSize(60).withSizeDistribution(RandomDistribution.uniform());
    }
}
