package dev.hivecast.tracker.swarm;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.hivecast.protocol.Event;

/**
 * Coverage-guided fuzzing of the swarm engine (docs/protocol.md#i65: zero crashes, zero state
 * corruption), Jazzer with the input read as a node setup and a sequence of up to
 * {@link #MAX_STEPS} {@link SwarmOp}s: connections opening on any loop, announces with every
 * event, offers, numwant and colliding peer_ids, answers (to real offers and made up), scrapes,
 * closes, time passing and sweeps. {@link ModelledNode} checks every reply and, after every step,
 * every count against its model: any exception or failed check is a finding.
 *
 * <p>The same model runs over seeded sequences in {@link SwarmActionsTest}, shortest first,
 * which cuts a failure down to a short sequence; Jazzer steers by coverage and keeps its corpus
 * between runs.
 */
class SwarmFuzzTest {

    static final int MAX_STEPS = 64;
    /** Absent, zero, small, and as many as the codec lets through (clamped 2^70 and the like). */
    private static final int[] NUMWANTS = {-1, 0, 1, 2, 3, 5, 6, 20, Integer.MAX_VALUE};

    @FuzzTest(maxDuration = "15s")
    void I65_anySequenceOfRequestsKeepsEveryCountEqualToTheMembership(FuzzedDataProvider data) {
        ModelledNode node = new ModelledNode(new ModelledNode.Setup(data.consumeInt(1, 3), data.consumeBoolean(),
                data.consumeBoolean(), data.consumeBoolean() ? OfferRouting.LOCAL_FIRST : OfferRouting.UNIFORM));
        while (data.remainingBytes() > 0 && node.steps() < MAX_STEPS) {
            node.apply(op(data));
        }
    }

    private static SwarmOp op(FuzzedDataProvider data) {
        return switch (data.consumeInt(0, 9)) {
            case 0 -> new SwarmOp.Open(data.consumeInt(0, 2), data.consumeInt(0, SwarmOp.ADDRESSES - 1));
            case 1, 2, 3 -> new SwarmOp.Announce(conn(data), data.consumeInt(0, SwarmOp.SWARMS - 1),
                    data.consumeInt(0, SwarmOp.PEERS - 1), data.pickValue(Event.values()), data.consumeBoolean(),
                    data.pickValue(NUMWANTS), data.consumeInt(0, 20), data.consumeInt(0, SwarmOp.OFFER_IDS - 1));
            case 4, 5 -> new SwarmOp.Answer(conn(data), data.consumeBoolean(), data.consumeInt(0, 63),
                    data.consumeInt(0, SwarmOp.SWARMS - 1), data.consumeInt(0, SwarmOp.PEERS - 1),
                    data.consumeInt(0, SwarmOp.PEERS - 1), data.consumeInt(0, SwarmOp.OFFER_IDS - 1));
            case 6 -> new SwarmOp.Scrape(conn(data), data.consumeInt(0, 7), data.consumeBoolean());
            case 7 -> new SwarmOp.Close(conn(data));
            default -> new SwarmOp.AdvanceAndSweep(data.pickValue(new int[] {0, 1, 30, 60, 119, 121, 179, 181, 200}));
        };
    }

    private static int conn(FuzzedDataProvider data) {
        return data.consumeInt(0, SwarmOp.MAX_CONNECTIONS - 1);
    }
}
