package dev.hivecast.tracker.swarm;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.hivecast.protocol.AnnounceRequest;
import dev.hivecast.protocol.AnswerRequest;
import dev.hivecast.protocol.InMessage;
import dev.hivecast.protocol.ProtocolException;
import dev.hivecast.protocol.ScrapeRequest;
import dev.hivecast.protocol.TrackerCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Coverage-guided fuzzing of the whole request path without sockets (docs/protocol.md#i65): raw frames
 * from a few connections on two event loops go through the codec and, when they parse, into the
 * swarm engine as the transport hands them over, between closes and sweeps. Where
 * {@link SwarmFuzzTest} checks typed requests against a model, this one takes whatever the
 * codec lets through (any ids, numwant, offer counts and offer_ids) and checks the engine's own
 * bookkeeping after every step: nothing thrown, every count equal to the members actually held,
 * each member bound to one open connection that lists it, one member per connection and swarm,
 * one per peer_id and swarm, no empty swarm. Seeds are the golden fixtures' connections, one line
 * per client message ({@code WireToSwarmsFuzzTestInputs/}); the dictionary gives the fuzzer two
 * swarms and two peer_ids to reuse, so that mutated frames meet in a swarm.
 */
class WireToSwarmsFuzzTest {

    private static final TrackerCodec CODEC = new TrackerCodec();
    private static final int CONNECTIONS = 4;
    private static final int MAX_STEPS = 48;

    @FuzzTest(maxDuration = "15s")
    @DictionaryEntries({"{\"action\":\"announce\",", "{\"action\":\"scrape\",", "\"event\":\"started\"",
        "\"event\":\"stopped\"", "\"event\":\"completed\"", "\"left\":0", "\"numwant\":",
        "\"info_hash\":\"aaaaaaaaaaaaaaaaaaaa\"", "\"info_hash\":\"bbbbbbbbbbbbbbbbbbbb\"",
        "\"peer_id\":\"-WW0300-abcdefghijkl\"", "\"peer_id\":\"-PM0203-0123456789Ab\"",
        "\"to_peer_id\":\"-WW0300-abcdefghijkl\"", "\"to_peer_id\":\"-PM0203-0123456789Ab\"",
        "\"offers\":[{\"offer\":{\"type\":\"offer\",\"sdp\":\"v=0\"},\"offer_id\":\"o1\"}]",
        "\"answer\":{\"type\":\"answer\",\"sdp\":\"v=0\"}", "\"offer_id\":\"o1\"", "t181", "x1"})
    void I65_anyFramesFromAnyConnectionsLeaveTheEngineConsistent(byte[] input) {
        LoopHarness node = new LoopHarness(2);
        List<LoopHarness.Client> conns = new ArrayList<>();
        for (int c = 0; c < CONNECTIONS; c++) {
            // Two clients behind one address on each loop, so that rebinds happen as well as refusals.
            conns.add(node.client(c % 2, "10.0.0." + (c / 2 + 1)));
        }
        int step = 0;
        for (int from = 0; from < input.length && step < MAX_STEPS; step++) {
            int to = indexOf(input, (byte) '\n', from);
            step(node, conns, Arrays.copyOfRange(input, from, to));
            SwarmBookkeeping.check(node, conns.stream().map(c -> c.connection).toList());
            from = to + 1;
        }
    }

    /**
     * One line of the input: {@code x<digit>} closes that connection, {@code t<seconds>} lets
     * time pass and sweeps, anything else is a frame (the rest of the line) from connection
     * (first byte mod 4). Frames from recorded connections are one line each, so seeds are
     * fixture connections, one line per client message.
     */
    private static void step(LoopHarness node, List<LoopHarness.Client> conns, byte[] line) {
        if (line.length == 0) {
            return;
        }
        int control = line[0] & 0xFF;
        if (control == 'x' && line.length == 2) {
            conns.get(line[1] & 3).close();
        } else if (control == 't') {
            node.advance(Duration.ofSeconds(Math.min(digits(line), 3600)));
            node.loops.forEach(LoopSwarms::sweep);
        } else {
            LoopHarness.Client conn = conns.get(control & 3);
            if (conn.connection.isOpen()) { // a closed connection's frames never reach the engine
                deliver(conn, Arrays.copyOfRange(line, 1, line.length));
            }
        }
    }

    private static int digits(byte[] line) {
        int n = 0;
        for (int i = 1; i < line.length && i < 6 && line[i] >= '0' && line[i] <= '9'; i++) {
            n = n * 10 + line[i] - '0';
        }
        return n;
    }

    private static int indexOf(byte[] b, byte value, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == value) {
                return i;
            }
        }
        return b.length;
    }

    private static void deliver(LoopHarness.Client conn, byte[] frame) {
        InMessage message;
        try {
            message = CODEC.parse(frame);
        } catch (ProtocolException e) {
            return; // answered with a failure reason by the transport; the engine never sees it
        }
        if (message instanceof AnnounceRequest a) {
            conn.announce(a);
        } else if (message instanceof AnswerRequest a) {
            conn.answer(a);
        } else {
            conn.scrape((ScrapeRequest) message);
        }
    }
}
