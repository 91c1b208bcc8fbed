package dev.hivecast.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The NetworkPolicy, on by default: players reach the WebSocket port from anywhere, the admin
 * port only from the monitoring, the Hazelcast port only from the same release; the pods reach DNS,
 * their peers and Redis, and nothing else.
 */
class NetworkPolicyTest {

    private static final Map<String, String> RELEASE_PODS = Map.of(
            "app.kubernetes.io/name", "hivecast", "app.kubernetes.io/instance", Chart.RELEASE);

    private final Chart chart = Chart.source();

    @Test
    void selectsTheReleasesPodsAndRestrictsBothDirections() {
        NetworkPolicy policy = chart.render().one(NetworkPolicy.class);

        assertThat(policy.getSpec().getPodSelector().getMatchLabels()).isEqualTo(RELEASE_PODS);
        assertThat(policy.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
    }

    @Test
    void playersReachTheWebSocketPortFromAnywhere() {
        NetworkPolicyIngressRule ws = ingressTo(chart.render().one(NetworkPolicy.class), "ws").orElseThrow();

        assertThat(ws.getFrom()).as("no peer = any source").isNullOrEmpty();
        assertThat(ws.getPorts()).singleElement().satisfies(p -> assertThat(p.getProtocol()).isEqualTo("TCP"));
    }

    @Test
    void adminPortOnlyFromTheNamespacesPodsAndTheMonitoringNamespace() {
        NetworkPolicyIngressRule admin = ingressTo(chart.render().one(NetworkPolicy.class), "admin").orElseThrow();

        assertThat(admin.getFrom()).hasSize(2);
        NetworkPolicyPeer namespacePods = admin.getFrom().get(0);
        assertThat(namespacePods.getPodSelector().getMatchLabels()).isNullOrEmpty();
        assertThat(namespacePods.getNamespaceSelector()).as("this namespace only").isNull();
        assertThat(admin.getFrom().get(1).getNamespaceSelector().getMatchLabels())
                .isEqualTo(Map.of("kubernetes.io/metadata.name", "monitoring"));
    }

    @Test
    void adminSourcesAreConfigurableAndNeverOpenToAll() {
        NetworkPolicy custom = chart.renderWithValues("""
                networkPolicy:
                  admin:
                    from:
                      - namespaceSelector:
                          matchLabels:
                            team: observability
                        podSelector:
                          matchLabels:
                            app.kubernetes.io/name: prometheus
                """).one(NetworkPolicy.class);
        NetworkPolicyPeer peer = ingressTo(custom, "admin").orElseThrow().getFrom().get(0);
        assertThat(peer.getNamespaceSelector().getMatchLabels()).containsEntry("team", "observability");
        assertThat(peer.getPodSelector().getMatchLabels()).containsEntry("app.kubernetes.io/name", "prometheus");

        NetworkPolicy none = chart.renderWithValues("networkPolicy:\n  admin:\n    from: []\n").one(NetworkPolicy.class);
        assertThat(ingressTo(none, "admin").orElseThrow().getFrom()).singleElement()
                .satisfies(p -> assertThat(p.getPodSelector().getMatchLabels()).isEqualTo(RELEASE_PODS));
    }

    @Test
    void hazelcastPortOnlyFromPodsOfTheSameReleaseBothWays() {
        NetworkPolicy policy = chart.render(Chart.HAZELCAST_3_NODES).one(NetworkPolicy.class);

        NetworkPolicyIngressRule in = ingressTo(policy, "hazelcast").orElseThrow();
        assertThat(in.getFrom()).singleElement().satisfies(p -> {
            assertThat(p.getPodSelector().getMatchLabels()).isEqualTo(RELEASE_PODS);
            assertThat(p.getNamespaceSelector()).isNull();
        });
        NetworkPolicyEgressRule out = egressTo(policy, 5701).orElseThrow();
        assertThat(out.getTo()).singleElement()
                .satisfies(p -> assertThat(p.getPodSelector().getMatchLabels()).isEqualTo(RELEASE_PODS));
    }

    /** Offers and answers between pods travel on the event bus, a port of its own: without it, no relay crosses pods. */
    @Test
    void eventBusPortOnlyFromPodsOfTheSameReleaseBothWays() {
        NetworkPolicy policy = chart.render(Chart.HAZELCAST_3_NODES).one(NetworkPolicy.class);

        assertThat(ingressTo(policy, "event-bus").orElseThrow().getFrom()).singleElement().satisfies(p -> {
            assertThat(p.getPodSelector().getMatchLabels()).isEqualTo(RELEASE_PODS);
            assertThat(p.getNamespaceSelector()).isNull();
        });
        assertThat(egressTo(policy, 5702).orElseThrow().getTo()).singleElement()
                .satisfies(p -> assertThat(p.getPodSelector().getMatchLabels()).isEqualTo(RELEASE_PODS));
        assertThat(ingressTo(chart.render(Chart.SINGLE_NODE).one(NetworkPolicy.class), "event-bus")).isEmpty();
    }

    @Test
    void anotherReleaseInTheNamespaceIsNotAdmittedToTheCluster() {
        NetworkPolicy other = chart.renderRelease("rehearsal", Chart.HAZELCAST_3_NODES, Map.of())
                .one(NetworkPolicy.class);

        assertThat(ingressTo(other, "hazelcast").orElseThrow().getFrom().get(0).getPodSelector().getMatchLabels())
                .containsEntry("app.kubernetes.io/instance", "rehearsal");
    }

    @Test
    void oneNodeOpensNoClusterPort() {
        NetworkPolicy policy = chart.render(Chart.SINGLE_NODE).one(NetworkPolicy.class);

        assertThat(ingressTo(policy, "hazelcast")).isEmpty();
        assertThat(egressTo(policy, 5701)).isEmpty();
        assertThat(egressTo(policy, 6379)).isEmpty();
    }

    @Test
    void dnsIsReachableOverUdpAndTcp() {
        NetworkPolicyEgressRule dns = egressTo(chart.render().one(NetworkPolicy.class), 53).orElseThrow();

        assertThat(dns.getPorts()).extracting(NetworkPolicyPort::getProtocol).containsExactlyInAnyOrder("UDP", "TCP");
        assertThat(dns.getTo()).as("any resolver by default").isNullOrEmpty();

        NetworkPolicyEgressRule kubeDns = egressTo(chart.renderWithValues("""
                networkPolicy:
                  dns:
                    to:
                      - namespaceSelector:
                          matchLabels:
                            kubernetes.io/metadata.name: kube-system
                """).one(NetworkPolicy.class), 53).orElseThrow();
        assertThat(kubeDns.getTo()).singleElement().satisfies(p -> assertThat(p.getNamespaceSelector()).isNotNull());
    }

    @Test
    void redisIsReachableOnTheUrlsPortWhenItIsTheBackend() {
        NetworkPolicy redis = chart.render(Chart.REDIS).one(NetworkPolicy.class);
        assertThat(egressTo(redis, 6379)).isPresent();
        assertThat(egressTo(redis, 5701)).isEmpty();

        NetworkPolicy tls = chart.render(Chart.REDIS_TLS).one(NetworkPolicy.class);
        assertThat(egressTo(tls, 6380)).isPresent();
        assertThat(egressTo(tls, 6379)).isEmpty();
    }

    @Test
    void redisInAnOperatorsSecretUsesTheConfiguredPortAndPeers() {
        NetworkPolicy policy = chart.renderWithValues("""
                replicaCount: 2
                cluster:
                  backend: redis
                  redis:
                    existingSecret: redis-conn
                networkPolicy:
                  redis:
                    port: 16379
                    to:
                      - ipBlock:
                          cidr: 10.20.0.0/16
                """).one(NetworkPolicy.class);

        assertThat(egressTo(policy, 16379).orElseThrow().getTo()).singleElement()
                .satisfies(p -> assertThat(p.getIpBlock().getCidr()).isEqualTo("10.20.0.0/16"));
    }

    @Test
    void infoHashListsAtUrlsAreReachable() {
        NetworkPolicy policy = chart.render(Chart.ACCESS_TLS).one(NetworkPolicy.class);
        assertThat(egressTo(policy, 443)).isPresent();

        NetworkPolicy plain = chart.render(Map.of("config.access.info-hash-allowlist",
                "http://lists.internal:8080/allow.txt")).one(NetworkPolicy.class);
        assertThat(egressTo(plain, 8080)).isPresent();
        assertThat(egressTo(plain, 443)).isEmpty();
    }

    @Test
    void nothingElseGoesOut() {
        NetworkPolicy policy = chart.render(Chart.HAZELCAST_3_NODES).one(NetworkPolicy.class);

        assertThat(policy.getSpec().getEgress()).flatExtracting(NetworkPolicyEgressRule::getPorts)
                .extracting(p -> p.getPort().getIntVal()).containsOnly(53, 5701, 5702);
    }

    @Test
    void extraRulesAreAdded() {
        NetworkPolicy policy = chart.renderWithValues("""
                networkPolicy:
                  extraIngress:
                    - from:
                        - ipBlock:
                            cidr: 35.191.0.0/16
                      ports:
                        - port: 9000
                  extraEgress:
                    - ports:
                        - port: 4317
                """).one(NetworkPolicy.class);

        assertThat(egressTo(policy, 4317)).isPresent();
        assertThat(policy.getSpec().getIngress()).anySatisfy(r -> assertThat(r.getFrom()).singleElement()
                .satisfies(p -> assertThat(p.getIpBlock().getCidr()).isEqualTo("35.191.0.0/16")));
    }

    @Test
    void canBeTurnedOff() {
        assertThat(chart.render(Map.of("networkPolicy.enabled", false)).all(NetworkPolicy.class)).isEmpty();
    }

    private static Optional<NetworkPolicyIngressRule> ingressTo(NetworkPolicy policy, String portName) {
        return policy.getSpec().getIngress().stream()
                .filter(r -> r.getPorts() != null && r.getPorts().stream().anyMatch(p -> is(p.getPort(), portName)))
                .findFirst();
    }

    private static Optional<NetworkPolicyEgressRule> egressTo(NetworkPolicy policy, int port) {
        return policy.getSpec().getEgress().stream()
                .filter(r -> r.getPorts() != null && r.getPorts().stream()
                        .anyMatch(p -> Integer.valueOf(port).equals(p.getPort().getIntVal())))
                .findFirst();
    }

    private static boolean is(IntOrString port, String name) {
        return name.equals(port.getStrVal());
    }
}
