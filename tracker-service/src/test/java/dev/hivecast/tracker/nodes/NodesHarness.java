package dev.hivecast.tracker.nodes;

import dev.hivecast.protocol.AnnounceRequest;
import dev.hivecast.protocol.AnswerRequest;
import dev.hivecast.protocol.Event;
import dev.hivecast.protocol.InfoHash;
import dev.hivecast.protocol.JsonSlice;
import dev.hivecast.protocol.Offer;
import dev.hivecast.protocol.OfferMessage;
import dev.hivecast.protocol.OutMessage;
import dev.hivecast.protocol.PeerId;
import dev.hivecast.tracker.swarm.Drop;
import dev.hivecast.tracker.swarm.MessageWriter;
import dev.hivecast.tracker.swarm.NodeMessage;
import dev.hivecast.tracker.swarm.OfferRouting;
import dev.hivecast.tracker.swarm.Outbox;
import dev.hivecast.tracker.swarm.Connection;
import dev.hivecast.tracker.swarm.RemoteView;
import dev.hivecast.tracker.swarm.LoopMessage;
import dev.hivecast.tracker.swarm.SliceDirectory;
import dev.hivecast.tracker.swarm.SwarmSettings;
import dev.hivecast.tracker.swarm.LoopSwarms;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Several tracker nodes in one test thread, each with its loops, its directory and a real
 * {@link NodeLink} whose encoded messages are handed to the target node's link directly (what
 * the cluster backend does over the network). Each node sees the others' counts exactly and at
 * once, so these tests are about routing; timing and failures are the cluster ITs' part.
 */
final class NodesHarness {

    final List<Node> nodes = new ArrayList<>();
    private final ArrayDeque<Runnable> pending = new ArrayDeque<>();
    private final SplittableRandom seeds = new SplittableRandom(42);
    private final SplittableRandom ids = new SplittableRandom(7);
    private long nextConnectionId;

    NodesHarness(int nodeCount, int loopsPerNode, OfferRouting routing) {
        SwarmSettings settings = SwarmSettings.DEFAULTS.withOfferRouting(routing);
        for (int i = 0; i < nodeCount; i++) {
            nodes.add(new Node("node-" + i, loopsPerNode, settings));
        }
    }

    /** One tracker process. */
    final class Node implements NodeLink.LocalLoops {
        final String id;
        final SliceDirectory directory;
        final List<LoopSwarms> loops = new ArrayList<>();
        final List<Outbox> outboxes = new ArrayList<>();
        final ClusterCounters counters = new ClusterCounters();
        final NodeLink link;
        final Map<Long, Client> clients = new HashMap<>();
        final Map<Drop, Integer> drops = new EnumMap<>(Drop.class);

        Node(String id, int loopCount, SwarmSettings settings) {
            this.id = id;
            this.directory = new SliceDirectory(loopCount, true);
            this.link = new NodeLink(new NodeLink.Sender() {
                @Override
                public String nodeId() {
                    return id;
                }

                @Override
                public void send(String nodeId, Buffer payload) {
                    pending.add(() -> node(nodeId).link.receive(payload.copy()));
                }
            }, directory, counters, this);
            for (int k = 0; k < loopCount; k++) {
                loops.add(new LoopSwarms(k, directory, this::viewOfOthers, settings, System::nanoTime, seeds.split()));
                outboxes.add(new NodeOutbox(k));
            }
        }

        private RemoteView viewOfOthers(InfoHash infoHash) {
            List<RemoteView.NodeMembers> others = new ArrayList<>();
            for (Node n : nodes) {
                SliceDirectory.Counts c = n == this ? null : n.directory.countsOf(infoHash);
                if (c != null) {
                    others.add(new RemoteView.NodeMembers(n.id, c.complete(), c.incomplete(), c.downloaded()));
                }
            }
            return RemoteView.of(others);
        }

        @Override
        public void post(int loop, LoopMessage message) {
            pending.add(() -> loops.get(loop).receive(message, outboxes.get(loop)));
        }

        @Override
        public Connection connection(long connectionId) {
            Client c = clients.get(connectionId);
            return c == null ? null : c.connection;
        }

        Client client(int loop) {
            Client c = new Client(this, loop);
            clients.put(c.connection.id(), c);
            return c;
        }

        private final class NodeOutbox implements Outbox {
            private final int loop;
            /** The loop's sends to other nodes, as a loop batches them: its turn ends when queued work runs. */
            private final NodeSendBatches toOtherNodes = new NodeSendBatches(link, pending::add);

            NodeOutbox(int loop) {
                this.loop = loop;
            }

            @Override
            public void send(Connection to, OutMessage message) {
                if (to.isOpen()) {
                    to.writer().write(message);
                }
            }

            @Override
            public void toLoop(int target, LoopMessage message) {
                post(target, message);
            }

            @Override
            public void toNode(String nodeId, NodeMessage message) {
                toOtherNodes.add(nodeId, message);
            }

            @Override
            public void dropped(Drop reason) {
                drops.merge(reason, 1, Integer::sum);
            }
        }
    }

    /** One player connection on one loop of one node. */
    final class Client implements MessageWriter {
        final Node node;
        final Connection connection;
        final PeerId peerId = new PeerId(randomBytes());
        final List<OutMessage> received = new ArrayList<>();

        Client(Node node, int loop) {
            this.node = node;
            this.connection = new Connection(++nextConnectionId, "10.0.0." + nextConnectionId, loop, 256, this);
            node.loops.get(loop).open(connection);
        }

        Client announce(InfoHash infoHash, int offers) {
            announceUnsettled(infoHash, offers);
            settle();
            return this;
        }

        /** Announces, leaving what it sends to other loops and nodes queued. */
        void announceUnsettled(InfoHash infoHash, int offers) {
            List<Offer> list = new ArrayList<>();
            for (int i = 0; i < offers; i++) {
                list.add(new Offer("offer-" + ids.nextInt(1_000_000_000),
                        JsonSlice.of("{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n" + i + "\"}")));
            }
            Event event = offers == 0 ? Event.STARTED : Event.UPDATE;
            int numwant = offers == 0 ? 0 : offers;
            node.loops.get(connection.loop()).handleAnnounce(connection,
                    new AnnounceRequest(infoHash, peerId, event, false, numwant, list), node.outboxes.get(connection.loop()));
        }

        /** Answers every offer received since the last call. */
        void answerOffers(InfoHash infoHash) {
            for (OutMessage m : new ArrayList<>(received)) {
                if (m instanceof OfferMessage o && answered.add(o.offerId())) {
                    node.loops.get(connection.loop()).handleAnswer(connection, new AnswerRequest(infoHash, peerId, o.peerId(),
                            o.offerId(), JsonSlice.of("{\"type\":\"answer\",\"sdp\":\"from " + peerId.toHex() + "\"}")),
                            node.outboxes.get(connection.loop()));
                    settle();
                }
            }
        }

        private final java.util.Set<String> answered = new java.util.HashSet<>();

        void close() {
            node.loops.get(connection.loop()).close(connection);
            node.clients.remove(connection.id());
            settle();
        }

        @Override
        public boolean write(OutMessage message) {
            return received.add(message);
        }

        <T extends OutMessage> List<T> received(Class<T> type) {
            return received.stream().filter(type::isInstance).map(type::cast).toList();
        }
    }

    Node node(String id) {
        return nodes.stream().filter(n -> n.id.equals(id)).findFirst().orElseThrow();
    }

    /** Runs queued cross-loop and cross-node work until none is left (bounded). */
    void settle() {
        for (int i = 0; i < 1_000_000 && !pending.isEmpty(); i++) {
            pending.poll().run();
        }
        if (!pending.isEmpty()) {
            throw new AssertionError("messages between loops and nodes never settle");
        }
    }

    private byte[] randomBytes() {
        byte[] b = new byte[20];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) ids.nextInt(256);
        }
        return b;
    }

    InfoHash infoHash() {
        return new InfoHash(randomBytes());
    }
}
