package dev.hivecast.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hazelcast finds the other pods by a DNS lookup of the headless Service: no RBAC needed. */
class HazelcastDiscoveryTest {

    private final Chart chart = Chart.source();

    @Test
    void discoveryNameIsTheHeadlessServiceAndItsPortIsTheMemberPort() {
        Manifests manifests = chart.render(Chart.HAZELCAST_3_NODES);
        TrackerPod pod = new TrackerPod(manifests);
        var cluster = pod.loadConfig().cluster();

        Service headless = manifests.get(Service.class, "demo-hivecast-hazelcast");
        assertThat(cluster.kubernetesServiceDns()).isEqualTo(headless.getMetadata().getName() + "."
                + Chart.NAMESPACE + ".svc.cluster.local");
        assertThat(cluster.memberList()).isEmpty();
        assertThat(headless.getSpec().getClusterIP()).isEqualTo("None");
        // Pods start before they are ready, and must find each other to get ready.
        assertThat(headless.getSpec().getPublishNotReadyAddresses()).isTrue();
        assertThat(PortsTest.podLabels(pod)).containsAllEntriesOf(headless.getSpec().getSelector());
        ServicePort port = headless.getSpec().getPorts().get(0);
        assertThat(port.getPort()).isEqualTo(cluster.port());
        assertThat(PortsTest.portNumber(pod, port.getTargetPort())).isEqualTo(cluster.port());
    }

    @Test
    void clusterDomainIsConfigurable() {
        var cluster = new TrackerPod(chart.render(Chart.HAZELCAST_3_NODES,
                Map.of("cluster.clusterDomain", "corp.internal"))).loadConfig().cluster();

        assertThat(cluster.kubernetesServiceDns())
                .isEqualTo("demo-hivecast-hazelcast.live.svc.corp.internal");
    }

    @Test
    void podsNeedNoKubernetesApiAccess() {
        Manifests manifests = chart.render(Chart.HAZELCAST_3_NODES);

        // Manifests refuses kinds it does not know, so no Role or RoleBinding was rendered.
        assertThat(manifests.all()).extracting(o -> o.getKind())
                .doesNotContain("Role", "RoleBinding", "ClusterRole");
        assertThat(new TrackerPod(manifests).spec().getAutomountServiceAccountToken()).isFalse();
    }

    @Test
    void moreThanOneReplicaOrAutoscalingChoosesHazelcast() {
        assertThat(backend(chart.render(Map.of("replicaCount", 1)))).isEqualTo("local");
        assertThat(backend(chart.render(Map.of("replicaCount", 2)))).isEqualTo("hazelcast");
        assertThat(backend(chart.render(Map.of("autoscaling.enabled", true)))).isEqualTo("hazelcast");
    }

    @Test
    void localBackendIsRefusedForMoreThanOnePod() {
        assertThatThrownBy(() -> chart.render(Map.of("cluster.backend", "local", "replicaCount", 3)))
                .hasMessageContaining("cluster.backend local keeps swarms inside one pod");
        assertThatThrownBy(() -> chart.render(Map.of("cluster.backend", "local",
                "autoscaling.enabled", true)))
                .hasMessageContaining("cluster.backend local keeps swarms inside one pod");
    }

    @Test
    void otherBackendsGetNoHeadlessServiceNorMemberPort() {
        for (String scenario : new String[] {Chart.SINGLE_NODE, Chart.REDIS}) {
            Manifests manifests = chart.render(scenario);
            assertThat(manifests.named(Service.class, "demo-hivecast-hazelcast")).as(scenario).isEmpty();
            assertThat(new TrackerPod(manifests).hasContainerPort("hazelcast")).as(scenario).isFalse();
        }
    }

    private static String backend(Manifests manifests) {
        return new TrackerPod(manifests).loadConfig().cluster().backend();
    }
}
