package dev.hivecast.tracker.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Replays the client side of a recorded connection (a {@code fixtures/*.jsonl} file, see the
 * protocol/src/test/resources/fixtures/README.md) against our tracker: one connection per recorded {@code conn}, every c2s
 * message in recorded order, each close where the client closed. The recorded timing is not
 * kept; instead each message's effects are awaited before the next is sent, which keeps the
 * order the reference saw.
 *
 * <p>After each message, what our tracker sent is checked against what the reference sent
 * because of it (see {@link #causedBy}), where our decisions (docs/protocol.md#decisions) agree:
 * <ul>
 * <li>announce and scrape replies byte for byte, so every echoed info_hash is byte-identical,
 *     except the replies the caller overrides (where the reference is known to be wrong);</li>
 * <li>relayed offers: the same frames, byte for byte, to the same connections. Which of an
 *     announce's offers goes to which member is random, here as in the reference, so only the
 *     multiset of frames and the set of receiving connections are compared;</li>
 * <li>answers: forwarded, byte-identical to the reference's, when our tracker relayed that
 *     offer_id from {@code to_peer_id} to the answerer; otherwise (the random pick differed)
 *     refused with "Could not find the offer…", as our pairing rule says;</li>
 * <li>nothing else: after each step every open connection has received nothing more.</li>
 * </ul>
 */
final class FixtureReplay {

    static final String NO_MATCHING_OFFER =
            "Could not find the offer corresponding to your answer. It may have expired.";

    /** One line of a fixture file. */
    record Line(int index, JsonObject json) {
        int conn() {
            return json.getInteger("conn");
        }

        boolean isC2s() {
            return "c2s".equals(json.getString("dir"));
        }

        boolean isS2c() {
            return "s2c".equals(json.getString("dir"));
        }

        String event() {
            return json.getString("event");
        }

        double tMs() {
            return json.getDouble("t_ms");
        }

        String frame() {
            return json.getString("frame");
        }

        JsonObject message() {
            return new JsonObject(frame());
        }
    }

    /** What happened to one c2s message: the recorded line and what our tracker replied. */
    record Step(Line request, String reply, boolean answerForwarded, boolean answerRefused) {
    }

    private final List<Line> lines;
    private final Function<String, Peer> connect;
    private final RunningTracker tracker;
    /** Replies the reference got wrong, by the t_ms of the request: our expected frame instead. */
    private final Map<Double, String> overrides;
    private final Map<Integer, Peer> open = new LinkedHashMap<>();
    private final Map<String, Integer> connOfPeer = new HashMap<>();
    /** Per connection, the offers our tracker relayed to it: offer_id + NUL + offerer's peer_id. */
    private final Map<Integer, Set<String>> offersRelayedTo = new HashMap<>();
    private final List<Step> steps = new ArrayList<>();
    private final Set<Double> overridesUsed = new HashSet<>();

    FixtureReplay(String fixture, Function<String, Peer> connect, RunningTracker tracker, Map<Double, String> overrides) {
        this.lines = load(fixture);
        this.connect = connect;
        this.tracker = tracker;
        this.overrides = overrides;
    }

    static List<Line> load(String fixture) {
        try (InputStream in = FixtureReplay.class.getResourceAsStream("/fixtures/" + fixture)) {
            assertThat(in).as("fixture %s on the test classpath", fixture).isNotNull();
            List<Line> lines = new ArrayList<>();
            for (String text : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!text.isBlank()) {
                    lines.add(new Line(lines.size(), new JsonObject(text)));
                }
            }
            return lines;
        } catch (IOException e) {
            throw new AssertionError("cannot read fixture " + fixture, e);
        }
    }

    List<Step> run() {
        for (int i = 0; i < lines.size(); i++) {
            Line line = lines.get(i);
            if ("open".equals(line.event())) {
                open.put(line.conn(), connect.apply(line.json().getString("path", "/")));
            } else if ("close".equals(line.event())) {
                closeIfClientInitiated(line);
            } else if (line.isC2s()) {
                steps.add(replay(line, causedBy(line)));
            }
        }
        assertThat(overridesUsed).as("every override matched a request").isEqualTo(overrides.keySet());
        return steps;
    }

    /**
     * The reference's frames caused by one request, found by content rather than position (two
     * clients may send before either reply is logged): for a scrape or announce, the first reply
     * of its kind on the same connection; for an announce, also every relayed offer carrying one
     * of its offer_ids from its peer_id; for an answer, the relayed answer with its offer_id.
     */
    private List<Line> causedBy(Line request) {
        JsonObject m = request.message();
        boolean scrape = "scrape".equals(m.getString("action"));
        boolean answer = m.containsKey("answer");
        Set<String> offerIds = new HashSet<>();
        if (m.getValue("offers") instanceof JsonArray offers) {
            offers.forEach(o -> offerIds.add(((JsonObject) o).getString("offer_id")));
        }
        List<Line> caused = new ArrayList<>();
        boolean replied = answer;
        for (Line l : lines.subList(request.index() + 1, lines.size())) {
            if (!l.isS2c()) {
                continue;
            }
            JsonObject r = l.message();
            boolean isReply = scrape ? "scrape".equals(r.getString("action")) : r.containsKey("complete");
            if (!replied && l.conn() == request.conn() && isReply) {
                caused.add(l);
                replied = true;
            } else if (!scrape && !answer && r.containsKey("offer") && offerIds.contains(r.getString("offer_id"))
                    && r.getString("peer_id").equals(m.getString("peer_id"))) {
                caused.add(l);
            } else if (answer && r.containsKey("answer") && r.getString("offer_id").equals(m.getString("offer_id"))
                    && r.getString("peer_id").equals(m.getString("peer_id"))) {
                caused.add(l);
                break;
            }
        }
        return caused;
    }

    private void closeIfClientInitiated(Line line) {
        JsonObject close = line.json();
        if (!"client".equals(close.getString("side")) || !close.getBoolean("initiator", false)) {
            return; // the other side's echo of a close already replayed
        }
        Peer peer = open.remove(line.conn());
        int code = close.getInteger("code");
        if (code == 1005 || code == 1006) {
            peer.close(); // a close frame with no code, or none at all: either way the socket goes
        } else {
            peer.close((short) code);
        }
        tracker.awaitConnections(open.size());
    }

    private Step replay(Line request, List<Line> recorded) {
        assertThat(request.json().getBoolean("binary", false)).as("text frames only in this fixture").isFalse();
        JsonObject message = request.message();
        Peer sender = open.get(request.conn());
        sender.send(request.frame());
        if ("scrape".equals(message.getString("action"))) {
            String reply = sender.nextFrame();
            assertThat(reply).as("scrape reply to line %d", request.index())
                    .isEqualTo(expected(request, single(recorded, request.conn()).frame()));
            assertNothingElse(Map.of(), true);
            return new Step(request, reply, false, false);
        }
        connOfPeer.put(message.getString("peer_id"), request.conn());
        if (message.containsKey("answer")) {
            return replayAnswer(request, message, sender, recorded);
        }
        String expected = expected(request, replyIn(recorded, request.conn()).frame());
        String reply = sender.nextFrame();
        assertThat(reply).as("reply to line %d (t=%s ms)", request.index(), request.tMs()).isEqualTo(expected);
        Map<Integer, List<String>> offers = new HashMap<>();
        for (Line l : recorded) {
            if (l.message().containsKey("offer")) {
                offers.computeIfAbsent(l.conn(), c -> new ArrayList<>()).add(l.frame());
            }
        }
        // n = min(offers, numwant, other members): fewer relayed than offered and wanted means
        // every other member got one, so the receivers are known; otherwise they are a random pick.
        int offered = message.getValue("offers") instanceof JsonArray a ? a.size() : 0;
        int wanted = message.getValue("numwant") instanceof Integer n ? Math.min(n, offered) : offered;
        int relayed = offers.values().stream().mapToInt(List::size).sum();
        Map<Integer, List<String>> received = assertNothingElse(offers, relayed < wanted);
        received.forEach((conn, frames) -> frames.forEach(f -> {
            JsonObject offer = new JsonObject(f);
            offersRelayedTo.computeIfAbsent(conn, c -> new HashSet<>()).add(key(offer.getString("offer_id"), offer.getString("peer_id")));
        }));
        return new Step(request, reply, false, false);
    }

    private Step replayAnswer(Line request, JsonObject answer, Peer sender, List<Line> recorded) {
        String offerId = answer.getString("offer_id");
        String offerer = answer.getString("to_peer_id");
        boolean paired = offersRelayedTo.getOrDefault(request.conn(), Set.of()).contains(key(offerId, offerer));
        if (paired) {
            offersRelayedTo.get(request.conn()).remove(key(offerId, offerer)); // one answer per offer
            Line relayed = single(recorded, connOfPeer.get(offerer));
            String forwarded = open.get(relayed.conn()).nextFrame();
            assertThat(forwarded).as("answer of line %d, forwarded", request.index()).isEqualTo(relayed.frame());
            assertNothingElse(Map.of(), true);
            return new Step(request, forwarded, true, false);
        }
        // Our random pick sent that offer to another member: the answer fails the pairing check.
        JsonObject refusal = sender.next();
        assertThat(refusal).as("answer of line %d, refused", request.index()).isEqualTo(new JsonObject()
                .put("action", "announce")
                .put("failure reason", NO_MATCHING_OFFER)
                .put("info_hash", answer.getString("info_hash")));
        assertNothingElse(Map.of(), true);
        return new Step(request, refusal.encode(), false, true);
    }

    /**
     * The open connections have together received exactly the expected frames and nothing else;
     * returns what each received. Which of an announce's offers went to which member is our
     * random choice, so frames are compared as one multiset. With {@code knownReceivers} each
     * connection must have received as many as expected for it; without, at most one each (an
     * announce sends a member at most one offer), anywhere.
     */
    private Map<Integer, List<String>> assertNothingElse(Map<Integer, List<String>> expected, boolean knownReceivers) {
        Map<Integer, List<String>> received = new HashMap<>();
        List<String> all = new ArrayList<>();
        List<String> allExpected = new ArrayList<>();
        expected.values().forEach(allExpected::addAll);
        open.forEach((conn, peer) -> {
            List<String> frames = peer.framesBeforeBarrier();
            if (knownReceivers) {
                assertThat(frames).as("number of frames to conn %d: %s", conn, frames)
                        .hasSameSizeAs(expected.getOrDefault(conn, List.of()));
            } else {
                assertThat(frames).as("frames to conn %d: %s", conn, frames).hasSizeLessThanOrEqualTo(1);
            }
            received.put(conn, frames);
            all.addAll(frames);
        });
        assertThat(all).as("frames relayed").containsExactlyInAnyOrderElementsOf(allExpected);
        return received;
    }

    /** The reference's reply, or ours where the caller says the reference is wrong. */
    private String expected(Line request, String recordedReply) {
        String override = overrides.get(request.tMs());
        if (override == null) {
            return recordedReply;
        }
        overridesUsed.add(request.tMs());
        return override;
    }

    /** The counts reply among the recorded frames: on the announcer's connection, with counts. */
    private static Line replyIn(List<Line> recorded, int conn) {
        for (Line l : recorded) {
            if (l.conn() == conn && l.message().containsKey("complete")) {
                return l;
            }
        }
        throw new AssertionError("no recorded reply on conn " + conn + " in " + recorded);
    }

    private static Line single(List<Line> recorded, int conn) {
        assertThat(recorded).as("recorded replies").hasSize(1);
        assertThat(recorded.get(0).conn()).isEqualTo(conn);
        return recorded.get(0);
    }

    private static String key(String offerId, String peerId) {
        return offerId + '\u0000' + peerId;
    }
}
