package dev.hivecast.tracker.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivecast.protocol.ClientAnnounce;
import dev.hivecast.protocol.Event;
import dev.hivecast.tracker.it.Ids;
import dev.hivecast.tracker.it.Sdp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * docs/protocol.md#identity across the nodes of a cluster (issue 23): a peer_id a live connection
 * holds in a swarm on one node cannot be announced by another client on another node, and no offer
 * is ever relayed under it; the same client reconnecting to another node takes it over, and the old
 * node drops its member; a peer_id given up (stop, close) is free again on every node. Node death is
 * in {@link NodeFailureIT}. Clients are told apart by the loopback address they connect from:
 * 127.0.0.1 for the viewers, 127.0.0.2 for the thief, 127.0.0.3 for the viewer who reconnects.
 */
@ParameterizedClass(name = "{0} backend")
@ValueSource(strings = {TrackerCluster.HAZELCAST, TrackerCluster.REDIS})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PeerIdAcrossNodesIT {

    static final String PEER_ID_TAKEN = "peer_id is in use by another connection";
    private static final int VIEWERS_PER_NODE = 2;
    /** Long enough for an offer relayed through any node to arrive, were one relayed. */
    private static final Duration QUIET = Duration.ofMillis(500);

    @RegisterExtension
    static final SharedCluster SHARED = new SharedCluster();

    @Parameter
    private String backend;

    private TrackerCluster cluster;
    private SwarmClients viewers;
    private SwarmClients thieves;
    private SwarmClients reconnecting;

    @BeforeParameterizedClassInvocation
    void openClients() {
        cluster = SHARED.anyCluster(backend);
        viewers = new SwarmClients();
        thieves = new SwarmClients("127.0.0.2");
        reconnecting = new SwarmClients("127.0.0.3");
    }

    @AfterParameterizedClassInvocation
    void closeClients() throws Exception {
        for (SwarmClients c : new SwarmClients[] {viewers, thieves, reconnecting}) {
            if (c != null) {
                c.close();
            }
        }
    }

    /** A swarm with a member on every node that answers offers, and the victim on node 0. */
    private List<SwarmPeer> swarmWithVictim(String infoHash, SwarmPeer victim) {
        List<SwarmPeer> members = new ArrayList<>();
        for (int node = 0; node < TrackerCluster.SIZE; node++) {
            for (int i = 0; i < VIEWERS_PER_NODE; i++) {
                members.add(new SwarmPeer(node, infoHash, Ids.peerId(), true));
            }
        }
        viewers.join(members, cluster.ports(), 100, 10);
        viewers.join(List.of(victim), cluster.ports(), 100, 1);
        members.add(victim);
        SwarmClients.awaitMembers(onePerNode(members), members.size());
        return members;
    }

    @Test
    void aPeerIdHeldOnAnotherNodeIsRefusedAndNoneOfTheThiefsOffersIsRelayed() {
        String infoHash = Ids.infoHash();
        SwarmPeer victim = new SwarmPeer(0, infoHash, Ids.peerId(), true);
        List<SwarmPeer> members = swarmWithVictim(infoHash, victim);
        SwarmPeer thief = new SwarmPeer(1, infoHash, victim.peerId(), false);
        SwarmClients.await(thieves.connect(thief, cluster.ports()), "the thief's connection");

        List<String> stolen = List.of(Ids.offerId(), Ids.offerId(), Ids.offerId(), Ids.offerId());
        thief.announce(ClientAnnounce.of(infoHash, victim.peerId()).withEvent(Event.STARTED).withNumwant(stolen.size())
                .withOffers(Sdp.offers(stolen)).toString());

        Awaitility.await("the thief's refusal").atMost(SwarmClients.WAIT).pollInterval(Duration.ofMillis(20))
                .until(() -> !thief.unexpected().isEmpty());
        assertThat(thief.unexpected()).singleElement().asString().contains(PEER_ID_TAKEN);
        // The victim's own offers go out after the thief's attempt; once they are answered, any
        // offer relayed for the thief would have arrived too.
        List<String> real = List.of(Ids.offerId(), Ids.offerId());
        SwarmPeer.Reply reply = SwarmClients.await(victim.announceOffers(real), "the victim's announce");
        assertThat(reply.members()).as("members: the thief is not one").isEqualTo(members.size());
        Awaitility.await("the victim's offers answered").atMost(SwarmClients.WAIT).pollInterval(Duration.ofMillis(20))
                .until(() -> victim.answers().size() == real.size());
        Awaitility.await().pollDelay(QUIET).until(() -> true);
        assertThat(members).flatExtracting(SwarmPeer::offers).extracting(SwarmPeer.Signal::offerId)
                .as("offers relayed to anyone").doesNotContainAnyElementsOf(stolen);
        assertThat(thief.offers()).isEmpty();
        assertThat(thief.answers()).isEmpty();
        assertThat(victim.unexpected()).isEmpty();
        assertThat(victim.isClosed()).isFalse();
    }

    @Test
    void theSameClientReconnectingToAnotherNodeTakesItsPeerIdOverAndTheOldNodeDropsIt() {
        String infoHash = Ids.infoHash();
        SwarmPeer viewer = new SwarmPeer(0, infoHash, Ids.peerId(), true);
        List<SwarmPeer> members = swarmWithVictim(infoHash, new SwarmPeer(0, infoHash, Ids.peerId(), true));
        reconnecting.join(List.of(viewer), cluster.ports(), 100, 1);
        int whole = members.size() + 1;
        SwarmClients.awaitMembers(onePerNode(members), whole);

        // Behind a load balancer the old connection may linger: it is still open here.
        SwarmPeer again = new SwarmPeer(2, infoHash, viewer.peerId(), true);
        SwarmClients.await(reconnecting.connect(again, cluster.ports()), "the reconnection");
        List<String> offers = List.of(Ids.offerId(), Ids.offerId(), Ids.offerId());
        SwarmPeer.Reply reply = SwarmClients.await(again.announce(ClientAnnounce.of(infoHash, viewer.peerId())
                .withEvent(Event.STARTED).withNumwant(offers.size()).withOffers(Sdp.offers(offers)).toString()),
                "the reconnection's announce");

        assertThat(reply.json().containsKey("failure reason")).isFalse();
        Awaitility.await("the reconnection's offers answered").atMost(SwarmClients.WAIT)
                .pollInterval(Duration.ofMillis(20)).until(() -> again.answers().size() == offers.size());
        // Counted once: the old node dropped its member, so every node counts the swarm whole.
        SwarmClients.awaitMembers(onePerNode(members), whole);
        Awaitility.await("no copy of the peer left on node 0").atMost(SwarmClients.WAIT)
                .pollInterval(Duration.ofMillis(50))
                .until(() -> SwarmClients.await(viewer.scrapeMembers(), "scrape") == whole);
        List<String> later = IntStream.range(0, members.size()).mapToObj(i -> Ids.offerId()).toList();
        SwarmClients.await(members.get(0).announceOffers(later), "an announce offering to every member");
        Awaitility.await("offers reach every member").atMost(SwarmClients.WAIT).pollInterval(Duration.ofMillis(20))
                .until(() -> members.get(0).answers().stream().filter(a -> later.contains(a.offerId())).count()
                        == later.size());
        assertThat(viewer.offers()).extracting(SwarmPeer.Signal::offerId).as("offers to the old connection")
                .doesNotContainAnyElementsOf(later);
        assertThat(again.unexpected()).isEmpty();
    }

    @Test
    void aPeerIdIsFreeOnEveryNodeOnceItsHolderStopsOrCloses() {
        String infoHash = Ids.infoHash();
        SwarmPeer stopping = new SwarmPeer(0, infoHash, Ids.peerId(), true);
        List<SwarmPeer> members = swarmWithVictim(infoHash, stopping);
        SwarmPeer closing = new SwarmPeer(1, infoHash, Ids.peerId(), true);
        viewers.join(List.of(closing), cluster.ports(), 100, 1);

        SwarmClients.await(stopping.announce(ClientAnnounce.of(infoHash, stopping.peerId()).withEvent(Event.STOPPED)
                .toString()), "the stop");
        SwarmClients.await(closing.close(), "the close");

        claimFromAnotherClient(infoHash, stopping.peerId(), 2);
        claimFromAnotherClient(infoHash, closing.peerId(), 0);
        assertThat(members).flatExtracting(SwarmPeer::unexpected).isEmpty();
    }

    /** Another client's first announce of {@code peerId} on {@code node} is held, once the release has spread. */
    private void claimFromAnotherClient(String infoHash, String peerId, int node) {
        List<String> refusals = new ArrayList<>();
        Awaitility.await(peerId + " free for another client on node " + node).atMost(SwarmClients.WAIT)
                .pollInterval(Duration.ofMillis(100)).until(() -> {
                    // A fresh connection per try: a refused announce leaves no reply to match.
                    SwarmPeer claimant = new SwarmPeer(node, infoHash, peerId, false);
                    SwarmClients.await(thieves.connect(claimant, cluster.ports()), "a claimant's connection");
                    CompletableFuture<SwarmPeer.Reply> reply = claimant.start();
                    Awaitility.await().atMost(SwarmClients.WAIT).pollInterval(Duration.ofMillis(10))
                            .until(() -> reply.isDone() || !claimant.unexpected().isEmpty());
                    refusals.addAll(claimant.unexpected());
                    return reply.isDone();
                });
        assertThat(refusals).as("refusals before the release spread").hasSizeLessThanOrEqualTo(2);
    }

    private static List<SwarmPeer> onePerNode(List<SwarmPeer> members) {
        return IntStream.range(0, TrackerCluster.SIZE)
                .mapToObj(n -> members.stream().filter(p -> p.node() == n).findFirst().orElseThrow()).toList();
    }
}
