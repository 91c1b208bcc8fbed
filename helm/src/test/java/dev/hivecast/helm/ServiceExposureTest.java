package dev.hivecast.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Service;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The WebSocket Service in front of a cloud load balancer: keep the viewers' addresses (per-IP
 * limits and the reconnect takeover rely on them) and admit only the ranges allowed.
 */
class ServiceExposureTest {

    private final Chart chart = Chart.source();

    @Test
    void kubernetesDefaultsUnlessAsked() {
        Service service = chart.render().get(Service.class, "demo-hivecast");

        assertThat(service.getSpec().getExternalTrafficPolicy()).isNull();
        assertThat(service.getSpec().getLoadBalancerSourceRanges()).isNullOrEmpty();
    }

    @Test
    void localTrafficPolicyAndSourceRangesOnALoadBalancer() {
        Service service = chart.renderWithValues("""
                service:
                  type: LoadBalancer
                  externalTrafficPolicy: Local
                  loadBalancerSourceRanges:
                    - 203.0.113.0/24
                    - 2001:db8::/32
                """).get(Service.class, "demo-hivecast");

        assertThat(service.getSpec().getType()).isEqualTo("LoadBalancer");
        assertThat(service.getSpec().getExternalTrafficPolicy()).isEqualTo("Local");
        assertThat(service.getSpec().getLoadBalancerSourceRanges()).containsExactly("203.0.113.0/24", "2001:db8::/32");
    }

    @Test
    void localTrafficPolicyOnANodePort() {
        Service service = chart.render(Map.of("service.type", "NodePort", "service.externalTrafficPolicy", "Local"))
                .get(Service.class, "demo-hivecast");

        assertThat(service.getSpec().getExternalTrafficPolicy()).isEqualTo("Local");
    }

    @Test
    void settingsAClusterIpServiceWouldIgnoreAreRefused() {
        assertThatThrownBy(() -> chart.render(Map.of("service.externalTrafficPolicy", "Local")))
                .hasMessageContaining("service.externalTrafficPolicy applies to LoadBalancer and NodePort");
        assertThatThrownBy(() -> chart.renderWithValues("""
                service:
                  type: NodePort
                  loadBalancerSourceRanges: [203.0.113.0/24]
                """)).hasMessageContaining("service.loadBalancerSourceRanges applies to LoadBalancer");
    }

    @Test
    void badValuesAreRefusedByTheSchema() {
        assertThatThrownBy(() -> chart.render(Map.of("service.externalTrafficPolicy", "local")))
                .hasMessageContaining("at '/service/externalTrafficPolicy'");
        assertThatThrownBy(() -> chart.renderWithValues("service:\n  loadBalancerSourceRanges: [\"office\"]\n"))
                .hasMessageContaining("at '/service/loadBalancerSourceRanges/0'");
    }

    @Test
    void adminAndClusterServicesStayInsideTheCluster() {
        Manifests manifests = chart.renderWithValues("""
                replicaCount: 3
                service:
                  type: LoadBalancer
                  externalTrafficPolicy: Local
                """);

        assertThat(manifests.get(Service.class, "demo-hivecast-admin").getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(manifests.get(Service.class, "demo-hivecast-hazelcast").getSpec().getExternalTrafficPolicy()).isNull();
    }
}
