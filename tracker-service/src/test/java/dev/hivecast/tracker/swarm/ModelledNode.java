package dev.hivecast.tracker.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivecast.protocol.AnnounceRequest;
import dev.hivecast.protocol.AnnounceResponse;
import dev.hivecast.protocol.AnswerMessage;
import dev.hivecast.protocol.AnswerRequest;
import dev.hivecast.protocol.ErrorResponse;
import dev.hivecast.protocol.Event;
import dev.hivecast.protocol.InfoHash;
import dev.hivecast.protocol.JsonSlice;
import dev.hivecast.protocol.Offer;
import dev.hivecast.protocol.OfferMessage;
import dev.hivecast.protocol.OutMessage;
import dev.hivecast.protocol.PeerId;
import dev.hivecast.protocol.ScrapeRequest;
import dev.hivecast.protocol.ScrapeResponse;
import dev.hivecast.tracker.config.Configs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A node's swarm engine (the loops of {@link LoopHarness}, cross-loop work settled after every
 * step) next to a model of what it must hold: which connection each (swarm, peer_id) is bound to,
 * complete or not, until when; which offers each connection may answer. The model applies
 * docs/protocol.md#decisions and #d-offer-fan-out to #f-stop-close-and-expiry on its own; after every {@link SwarmOp} the replies must be the ones the
 * model predicts and every count the engine keeps (per swarm, per loop, per connection, in the
 * directory, in replies) must equal the membership the model holds, member by member.
 */
final class ModelledNode {

    /** How the node is configured; the fuzzers vary it too. */
    record Setup(int loops, boolean pairAnswers, boolean allowFullScrape, OfferRouting routing) {
        SwarmSettings settings() {
            // Parsed once per combination: the fuzzers build thousands of nodes.
            return PARSED.computeIfAbsent(List.of(pairAnswers, allowFullScrape), k -> SwarmSettings.of(Configs.parse(
                    "--announce.pair-answers=" + pairAnswers, "--scrape.allow-full=" + allowFullScrape)))
                    .withOfferRouting(routing);
        }

        private static final Map<List<Boolean>, SwarmSettings> PARSED = new ConcurrentHashMap<>();
    }

    private record Key(int swarm, int peer) {
    }

    private static final class Membership {
        int conn;
        boolean complete;
        long expiresAt;

        Membership(int conn, boolean complete, long expiresAt) {
            this.conn = conn;
            this.complete = complete;
            this.expiresAt = expiresAt;
        }
    }

    /** An offer relayed to a connection, which it may answer until {@code expiresAt}. */
    private record Pending(int swarm, int offerer, int offererConn, int receiver, long expiresAt) {
    }

    private static final JsonSlice ANSWER = JsonSlice.of("{\"type\":\"answer\",\"sdp\":\"v=0\"}");

    private final Setup setup;
    private final LoopHarness node;
    private final long peerTtl;
    private final long offerTtl;
    private final InfoHash[] swarms = new InfoHash[SwarmOp.SWARMS];
    private final PeerId[] peers = new PeerId[SwarmOp.PEERS];
    private final List<LoopHarness.Client> conns = new ArrayList<>();
    private final List<Map<String, Pending>> pending = new ArrayList<>();
    private final List<List<OfferMessage>> offersReceived = new ArrayList<>();
    private final Map<Key, Membership> members = new HashMap<>();
    private final Set<Outcome> reached = java.util.EnumSet.noneOf(Outcome.class);
    private int steps;

    /** Situations a sequence reached, for the generators' coverage checks. */
    enum Outcome {
        OFFERS_RELAYED, ANSWER_DELIVERED, ANSWER_REFUSED, PEER_ID_REFUSED_ON_ITS_LOOP,
        PEER_ID_REFUSED_BY_ANOTHER_LOOP, REBOUND_ON_ITS_LOOP, REBOUND_ACROSS_LOOPS, MEMBER_SWEPT,
        CLOSED_WITH_MEMBERS
    }

    ModelledNode(Setup setup) {
        this.setup = setup;
        SwarmSettings settings = setup.settings();
        this.node = new LoopHarness(setup.loops(), settings);
        this.peerTtl = settings.announce().peerTtl().toNanos();
        this.offerTtl = settings.announce().offerTtl().toNanos();
        for (int i = 0; i < swarms.length; i++) {
            swarms[i] = new InfoHash(id('S', i));
        }
        for (int i = 0; i < peers.length; i++) {
            peers[i] = new PeerId(id('P', i));
        }
    }

    private static byte[] id(char kind, int i) {
        byte[] b = new byte[20];
        b[0] = (byte) kind;
        b[19] = (byte) i;
        return b;
    }

    int steps() {
        return steps;
    }

    Set<Outcome> reached() {
        return reached;
    }

    void apply(SwarmOp op) {
        steps++;
        List<Integer> open = openConns();
        if (op instanceof SwarmOp.Open o) {
            if (conns.size() < SwarmOp.MAX_CONNECTIONS) {
                open(Math.floorMod(o.loop(), setup.loops()), Math.floorMod(o.address(), SwarmOp.ADDRESSES));
            }
        } else if (op instanceof SwarmOp.Deliver) {
            return; // every step settles: nothing is ever in flight here
        } else if (op instanceof SwarmOp.AdvanceAndSweep a) {
            advanceAndSweep(Math.max(0, a.seconds()));
        } else if (open.isEmpty()) {
            open(0, 0); // every other step needs a live connection
        } else if (op instanceof SwarmOp.Announce a) {
            announce(pick(open, a.conn()), a);
        } else if (op instanceof SwarmOp.Answer a) {
            answer(pick(open, a.conn()), a);
        } else if (op instanceof SwarmOp.Scrape s) {
            scrape(pick(open, s.conn()), s);
        } else if (op instanceof SwarmOp.Close c) {
            close(pick(open, c.conn()));
        }
        checkState();
    }

    private static int pick(List<Integer> choices, int index) {
        return choices.get(Math.floorMod(index, choices.size()));
    }

    private List<Integer> openConns() {
        List<Integer> open = new ArrayList<>();
        for (int c = 0; c < conns.size(); c++) {
            if (conns.get(c).connection.isOpen()) {
                open.add(c);
            }
        }
        return open;
    }

    private void open(int loop, int address) {
        conns.add(node.client(loop, "10.0.0." + (address + 1)));
        pending.add(new HashMap<>());
        offersReceived.add(new ArrayList<>());
    }

    private long now() {
        return node.clock.get();
    }

    private int loopOf(int conn) {
        return conns.get(conn).connection.loop();
    }

    private boolean sameAddress(int a, int b) {
        return conns.get(a).connection.remoteAddress().equals(conns.get(b).connection.remoteAddress());
    }

    /** The member {@code conn} holds in {@code swarm} (at most one: docs/protocol.md#h58). */
    private Key membershipOf(int conn, int swarm) {
        Key found = null;
        for (Map.Entry<Key, Membership> e : members.entrySet()) {
            if (e.getKey().swarm() == swarm && e.getValue().conn == conn) {
                assertThat(found).as("two members of one connection in one swarm").isNull();
                found = e.getKey();
            }
        }
        return found;
    }

    private void leaveSwarm(int conn, int swarm) {
        Key previous = membershipOf(conn, swarm);
        if (previous != null) {
            members.remove(previous);
        }
    }

    private void announce(int s, SwarmOp.Announce op) {
        int swarm = Math.floorMod(op.swarm(), SwarmOp.SWARMS);
        int peer = Math.floorMod(op.peer(), SwarmOp.PEERS);
        Key key = new Key(swarm, peer);
        List<Offer> offers = new ArrayList<>();
        for (int i = 0; i < Math.min(Math.max(op.offers(), 0), 20); i++) {
            offers.add(new Offer("o" + Math.floorMod(op.firstOfferId() + i, SwarmOp.OFFER_IDS),
                    JsonSlice.of("{\"type\":\"offer\",\"sdp\":\"" + s + "/" + steps + "/" + i + "\"}")));
        }
        AnnounceRequest request = new AnnounceRequest(swarms[swarm], peers[peer], op.event(), op.complete(),
                op.numwant(), offers);
        boolean stopped = op.event() == Event.STOPPED;
        boolean completed = op.event() == Event.COMPLETED;
        long now = now();

        // What the model expects: the membership change, whether the claim is refused, the reply's
        // counts and the number of offers relayed, exactly. The binding rule (docs/protocol.md#decisions) is the
        // same whichever loops the two connections are on: a refused claim changes nothing and
        // relays nothing, and a rebind moves the member, counted once, complete if it was.
        Membership m = members.get(key);
        boolean refused = false;
        if (m != null && m.conn != s && !sameAddress(m.conn, s)) {
            refused = true; // bound to another open connection of another client
            reached.add(loopOf(m.conn) == loopOf(s) ? Outcome.PEER_ID_REFUSED_ON_ITS_LOOP
                    : Outcome.PEER_ID_REFUSED_BY_ANOTHER_LOOP);
        } else if (m != null && m.conn != s) {
            // Same client address: the peer reconnected, the membership moves to the new connection.
            reached.add(loopOf(m.conn) == loopOf(s) ? Outcome.REBOUND_ON_ITS_LOOP : Outcome.REBOUND_ACROSS_LOOPS);
            leaveSwarm(s, swarm);
            m.conn = s;
            if (stopped) {
                members.remove(key);
            } else {
                m.expiresAt = now + peerTtl;
                m.complete |= op.complete() || completed;
            }
        } else if (m != null) {
            if (stopped) {
                members.remove(key);
            } else {
                m.expiresAt = now + peerTtl;
                m.complete |= op.complete() || completed; // never reverts (docs/protocol.md#decisions)
            }
        } else if (!stopped) {
            leaveSwarm(s, swarm);
            members.put(key, new Membership(s, op.complete() || completed, now + peerTtl));
        }
        int others = 0;
        for (Key k : members.keySet()) {
            if (k.swarm() == swarm && k.peer() != peer) {
                others++;
            }
        }

        Map<Integer, List<OutMessage>> got = run(() -> conns.get(s).announce(request));

        List<OutMessage> mine = got.getOrDefault(s, List.of());
        if (refused) {
            // Nothing relayed in the owner's name, whichever loop either is on.
            assertThat(mine).containsExactly(new ErrorResponse("announce", swarms[swarm], LoopSwarms.PEER_ID_TAKEN));
            assertThat(got.keySet()).containsOnly(s);
            return;
        }
        int[] counts = counts(swarm);
        assertThat(ofType(mine, AnnounceResponse.class))
                .containsExactly(new AnnounceResponse(swarms[swarm], counts[0], counts[1], 120));

        // Offers: to distinct other members of the swarm, min(offers, numwant, others) of them (D24-D26).
        int wanted = stopped || completed || op.numwant() == 0 ? 0
                : op.numwant() > 0 ? Math.min(offers.size(), op.numwant()) : offers.size();
        List<Integer> receivers = new ArrayList<>();
        for (Map.Entry<Integer, List<OutMessage>> e : got.entrySet()) {
            for (OfferMessage o : ofType(e.getValue(), OfferMessage.class)) {
                int r = e.getKey();
                receivers.add(r);
                Key receiverKey = membershipOf(r, swarm);
                assertThat(receiverKey).as("an offer reached a connection outside the swarm").isNotNull();
                assertThat(receiverKey.peer()).isNotEqualTo(peer);
                assertThat(o.infoHash()).isEqualTo(swarms[swarm]);
                assertThat(o.peerId()).isEqualTo(peers[peer]);
                assertThat(offers).extracting(Offer::offerId).contains(o.offerId());
                pending.get(r).put(o.offerId(), new Pending(swarm, peer, s, receiverKey.peer(), now + offerTtl));
                offersReceived.get(r).add(o);
            }
        }
        assertThat(receivers).doesNotHaveDuplicates();
        if (!receivers.isEmpty()) {
            reached.add(Outcome.OFFERS_RELAYED);
        }
        assertThat(receivers).hasSize(Math.min(wanted, others));
        for (Map.Entry<Integer, List<OutMessage>> e : got.entrySet()) {
            int expectedCount = (e.getKey() == s ? 1 : 0) + (receivers.contains(e.getKey()) ? 1 : 0);
            assertThat(e.getValue()).as("messages to connection %d", e.getKey()).hasSize(expectedCount);
        }
    }

    private void answer(int s, SwarmOp.Answer op) {
        int swarm;
        int toPeer;
        String offerId;
        List<OfferMessage> received = offersReceived.get(s);
        if (op.toReceivedOffer() && !received.isEmpty()) {
            OfferMessage o = received.get(Math.floorMod(op.offer(), received.size()));
            swarm = indexOf(swarms, o.infoHash());
            toPeer = indexOf(peers, o.peerId());
            offerId = o.offerId();
        } else {
            swarm = Math.floorMod(op.swarm(), SwarmOp.SWARMS);
            toPeer = Math.floorMod(op.toPeer(), SwarmOp.PEERS);
            offerId = "o" + Math.floorMod(op.offerId(), SwarmOp.OFFER_IDS);
        }
        int peer = Math.floorMod(op.peer(), SwarmOp.PEERS);
        long now = now();
        Key self = membershipOf(s, swarm);
        if (self != null) {
            members.get(self).expiresAt = now + peerTtl; // an answer is proof of life
        }
        Pending p = pending.get(s).get(offerId);
        boolean matches = p != null && p.swarm() == swarm && p.offerer() == toPeer;
        if (matches) {
            pending.get(s).remove(offerId);
        }
        boolean paired = matches && p.expiresAt() - now >= 0;
        Integer deliverTo = null;
        AnswerMessage expected = null;
        if (paired) {
            // Back to the connection that made the offer, stamped with the id it was sent to (E36, E37).
            deliverTo = conns.get(p.offererConn()).connection.isOpen() ? p.offererConn() : null;
            expected = new AnswerMessage(swarms[swarm], peers[p.receiver()], offerId, ANSWER);
        } else if (!setup.pairAnswers()) {
            Membership target = members.get(new Key(swarm, toPeer));
            deliverTo = target == null ? null : target.conn;
            expected = new AnswerMessage(swarms[swarm], peers[self != null ? self.peer() : peer], offerId, ANSWER);
        }

        AnswerRequest request = new AnswerRequest(swarms[swarm], peers[peer], peers[toPeer], offerId, ANSWER);
        Map<Integer, List<OutMessage>> got = run(() -> conns.get(s).answer(request));

        Map<Integer, List<OutMessage>> want = new LinkedHashMap<>();
        if (!paired && setup.pairAnswers()) {
            want.put(s, List.of(new ErrorResponse("announce", swarms[swarm], LoopSwarms.NO_MATCHING_OFFER)));
        }
        if (deliverTo != null) {
            want.computeIfAbsent(deliverTo, k -> new ArrayList<>()).add(expected);
            reached.add(Outcome.ANSWER_DELIVERED);
        } else if (!paired && setup.pairAnswers()) {
            reached.add(Outcome.ANSWER_REFUSED);
        }
        assertThat(got).isEqualTo(want);
    }

    private void scrape(int s, SwarmOp.Scrape op) {
        List<InfoHash> asked = new ArrayList<>();
        for (int i = 0; i < SwarmOp.SWARMS; i++) {
            if ((op.swarmMask() >>> i & 1) != 0) {
                asked.add(swarms[i]);
            }
        }
        ScrapeRequest request = new ScrapeRequest(op.full() ? List.of() : asked, op.full());
        Map<Integer, List<OutMessage>> got = run(() -> conns.get(s).scrape(request));

        assertThat(got.keySet()).containsOnly(s);
        List<OutMessage> mine = got.get(s);
        assertThat(mine).hasSize(1);
        if (op.full() && !setup.allowFullScrape()) {
            assertThat(mine.get(0)).isEqualTo(new ErrorResponse("scrape", null, LoopSwarms.FULL_SCRAPE_REFUSED));
            return;
        }
        if (!op.full() && asked.isEmpty()) {
            assertThat(mine.get(0)).isEqualTo(new ErrorResponse("scrape", null, LoopSwarms.EMPTY_SCRAPE));
            return;
        }
        List<ScrapeResponse.Entry> files = ((ScrapeResponse) mine.get(0)).files();
        List<InfoHash> expectedHashes = new ArrayList<>(asked);
        if (op.full()) {
            expectedHashes.clear();
            for (int i = 0; i < SwarmOp.SWARMS; i++) {
                if (counts(i)[0] + counts(i)[1] > 0) {
                    expectedHashes.add(swarms[i]);
                }
            }
        }
        assertThat(files).extracting(ScrapeResponse.Entry::infoHash).containsExactlyInAnyOrderElementsOf(expectedHashes);
        for (ScrapeResponse.Entry e : files) {
            int[] counts = counts(indexOf(swarms, e.infoHash()));
            assertThat(List.of(e.complete(), e.incomplete())).as("scrape of %s", e.infoHash())
                    .isEqualTo(List.of(counts[0], counts[1]));
        }
    }

    private void close(int s) {
        if (members.values().removeIf(m -> m.conn == s)) {
            reached.add(Outcome.CLOSED_WITH_MEMBERS);
        }
        Map<Integer, List<OutMessage>> got = run(() -> conns.get(s).close());
        assertThat(got).isEmpty();
    }

    private void advanceAndSweep(int seconds) {
        node.advance(Duration.ofSeconds(seconds));
        long now = now();
        int expired = 0;
        for (var it = members.values().iterator(); it.hasNext(); ) {
            if (it.next().expiresAt - now < 0) {
                it.remove();
                expired++;
            }
        }
        int swept = 0;
        for (LoopSwarms loop : node.loops) {
            swept += loop.sweep().expiredMembers();
        }
        assertThat(swept).isEqualTo(expired);
        if (expired > 0) {
            reached.add(Outcome.MEMBER_SWEPT);
        }
    }

    /** Runs one step and returns what each connection was sent during it, by connection. */
    private Map<Integer, List<OutMessage>> run(Runnable step) {
        int[] before = new int[conns.size()];
        for (int c = 0; c < conns.size(); c++) {
            before[c] = conns.get(c).received.size();
        }
        step.run();
        Map<Integer, List<OutMessage>> got = new LinkedHashMap<>();
        for (int c = 0; c < conns.size(); c++) {
            List<OutMessage> all = conns.get(c).received;
            if (all.size() > before[c]) {
                got.put(c, new ArrayList<>(all.subList(before[c], all.size())));
            }
        }
        return got;
    }

    /** {complete, incomplete} of a swarm in the model. */
    private int[] counts(int swarm) {
        int[] counts = new int[2];
        for (Map.Entry<Key, Membership> e : members.entrySet()) {
            if (e.getKey().swarm() == swarm) {
                counts[e.getValue().complete ? 0 : 1]++;
            }
        }
        return counts;
    }

    /**
     * Every count and member of the engine against the model (zero state corruption): the
     * engine's own bookkeeping holds, and what it holds is exactly the model's membership.
     */
    void checkState() {
        int swarmsWithMembers = 0;
        for (int i = 0; i < SwarmOp.SWARMS; i++) {
            int[] counts = counts(i);
            SliceDirectory.Counts actual = node.directory.countsOf(swarms[i]);
            if (counts[0] + counts[1] == 0) {
                assertThat(actual).as("swarm %d is empty and must be deleted (F44)", i).isNull();
                continue;
            }
            swarmsWithMembers++;
            assertThat(actual).as("swarm %d", i).isNotNull();
            assertThat(List.of(actual.complete(), actual.incomplete())).as("counts of swarm %d", i)
                    .isEqualTo(List.of(counts[0], counts[1]));
        }
        assertThat(node.directory.swarmCount()).isEqualTo(swarmsWithMembers);
        SwarmBookkeeping.check(node, conns.stream().map(c -> c.connection).toList());

        for (Map.Entry<Key, Membership> e : members.entrySet()) {
            Key k = e.getKey();
            Membership m = e.getValue();
            Connection connection = conns.get(m.conn).connection;
            SwarmSlice slice = node.directory.entry(swarms[k.swarm()]).slice(connection.loop());
            assertThat(slice).as("slice of swarm %d on loop %d", k.swarm(), connection.loop()).isNotNull();
            Member actual = slice.get(peers[k.peer()]);
            assertThat(actual).as("member %s", k).isNotNull();
            assertThat(actual.connection).isSameAs(connection);
            assertThat(actual.complete).isEqualTo(m.complete);
            assertThat(actual.expiresAt).isEqualTo(m.expiresAt);
        }
        for (int c = 0; c < conns.size(); c++) {
            int held = 0;
            for (Membership m : members.values()) {
                held += m.conn == c ? 1 : 0;
            }
            assertThat(conns.get(c).connection.membershipCount()).as("memberships of connection %d", c).isEqualTo(held);
        }
    }

    private static <T> int indexOf(T[] values, T value) {
        for (int i = 0; i < values.length; i++) {
            if (values[i].equals(value)) {
                return i;
            }
        }
        throw new AssertionError(value + " is not one of the generated ids");
    }

    private static <T extends OutMessage> List<T> ofType(List<OutMessage> messages, Class<T> type) {
        return messages.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
