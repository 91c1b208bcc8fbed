package dev.hivecast.tracker.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivecast.protocol.AnswerMessage;
import dev.hivecast.protocol.InfoHash;
import dev.hivecast.protocol.JsonSlice;
import dev.hivecast.protocol.Offer;
import dev.hivecast.protocol.PeerId;
import dev.hivecast.tracker.swarm.NodeMessage;
import dev.hivecast.tracker.swarm.NodeMessage.RemoteAnswer;
import dev.hivecast.tracker.swarm.NodeMessage.RemoteOffers;
import dev.hivecast.tracker.swarm.SliceDirectory;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import org.junit.jupiter.api.Test;

/**
 * An event loop's relays to other nodes leave at the end of its turn, one payload per node. The
 * turn is modelled by a task queue: what the loop queues runs after the work at hand, as on a
 * Vert.x event loop.
 */
class NodeSendBatchesTest {

    private record Sent(String toNode, Buffer payload) {
        List<NodeMessage> messages() {
            return NodeMessageCodec.decode(payload).messages();
        }
    }

    private final List<Sent> sent = new ArrayList<>();
    private final Queue<Runnable> loopTasks = new ArrayDeque<>();
    private final ClusterCounters counters = new ClusterCounters();
    private final NodeLink link = new NodeLink(new NodeLink.Sender() {
        @Override
        public String nodeId() {
            return "this-node";
        }

        @Override
        public void send(String nodeId, Buffer payload) {
            sent.add(new Sent(nodeId, payload));
        }
    }, new SliceDirectory(1, true), counters, null); // sends only: no loops to deliver to
    private final NodeSendBatches batches = new NodeSendBatches(link, loopTasks::add);

    @Test
    void whatATurnSendsEachNodeLeavesAtTheTurnsEndAsOnePayloadInOrder() {
        RemoteOffers offers = offers("o1", "o2", "o3");
        batches.add("node-b", answer(1));
        batches.add("node-c", answer(2));
        batches.add("node-b", offers);
        batches.add("node-b", answer(3));

        assertThat(sent).isEmpty();
        endTurn();

        assertThat(sent).extracting(Sent::toNode).containsExactly("node-b", "node-c");
        assertThat(sent.get(0).messages()).containsExactly(answer(1), offers, answer(3));
        assertThat(sent.get(1).messages()).containsExactly(answer(2));
        assertThat(counters.payloadsSent()).isEqualTo(2);
        assertThat(counters.offersSent()).isEqualTo(3);
        assertThat(counters.answersSent()).isEqualTo(3);
    }

    @Test
    void aTurnQueuesOneSendHoweverManyMessagesItHas() {
        for (int i = 0; i < 10; i++) {
            batches.add("node-b", answer(i));
        }

        assertThat(loopTasks).hasSize(1);
    }

    @Test
    void aMessageAloneIsSentInTheFormatEveryNodeReads() {
        batches.add("node-b", answer(1));
        endTurn();

        assertThat(sent).singleElement().satisfies(s ->
                assertThat(s.payload().getByte(0)).isEqualTo(NodeMessageCodec.VERSION));
    }

    @Test
    void aFullPayloadLeavesAtOnceAndTheRestOfTheTurnFollowsAtItsEnd() {
        int full = NodeSendBatches.MAX_MESSAGES_PER_PAYLOAD;
        for (int i = 0; i < full + 1; i++) {
            batches.add("node-b", answer(i));
        }

        assertThat(sent).singleElement().satisfies(s -> assertThat(s.messages()).hasSize(full));
        endTurn();
        assertThat(sent).hasSize(2);
        assertThat(sent.get(1).messages()).containsExactly(answer(full));
    }

    @Test
    void eachTurnSendsOnlyWhatItAdded() {
        batches.add("node-b", answer(1));
        endTurn();
        batches.add("node-b", answer(2));
        endTurn();
        endTurn();

        assertThat(sent).hasSize(2);
        assertThat(sent.get(1).messages()).containsExactly(answer(2));
    }

    private void endTurn() {
        for (Runnable task; (task = loopTasks.poll()) != null; ) {
            task.run();
        }
    }

    private static RemoteAnswer answer(long connection) {
        return new RemoteAnswer(connection, new AnswerMessage(new InfoHash(new byte[20]), new PeerId(new byte[20]),
                "offer-" + connection, JsonSlice.of("{\"type\":\"answer\"}")));
    }

    private static RemoteOffers offers(String... offerIds) {
        List<Offer> list = new ArrayList<>();
        for (String id : offerIds) {
            list.add(new Offer(id, JsonSlice.of("{\"type\":\"offer\"}")));
        }
        return new RemoteOffers(new InfoHash(new byte[20]), new PeerId(new byte[20]), 5, list);
    }
}
