package dev.hivecast.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressServiceBackend;
import io.fabric8.openshift.api.model.monitoring.v1.Endpoint;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Container, probes, Services, Ingress and ServiceMonitor name the same ports. */
class PortsTest {

    private final Chart chart = Chart.source();

    @ParameterizedTest
    @ValueSource(strings = {Chart.SINGLE_NODE, Chart.HAZELCAST_3_NODES, Chart.REDIS,
            Chart.INGRESS_HPA_MONITORING})
    void probesAskTheAdminPortForHealthAndReadiness(String scenario) {
        TrackerPod pod = new TrackerPod(chart.render(scenario));
        Container c = pod.container();
        int admin = pod.loadConfig().admin().port();

        assertThat(httpGet(c.getLivenessProbe()).getPath()).isEqualTo("/health");
        assertThat(httpGet(c.getStartupProbe()).getPath()).isEqualTo("/health");
        assertThat(httpGet(c.getReadinessProbe()).getPath()).isEqualTo("/ready");
        for (Probe probe : new Probe[] {c.getLivenessProbe(), c.getStartupProbe(), c.getReadinessProbe()}) {
            assertThat(portNumber(pod, httpGet(probe).getPort())).isEqualTo(admin);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {Chart.SINGLE_NODE, Chart.HAZELCAST_3_NODES, Chart.REDIS,
            Chart.INGRESS_HPA_MONITORING})
    void servicesTargetTheTrackersListeners(String scenario) {
        Manifests manifests = chart.render(scenario);
        TrackerPod pod = new TrackerPod(manifests);
        var config = pod.loadConfig();

        Service ws = manifests.get(Service.class, "demo-hivecast");
        Service admin = manifests.get(Service.class, "demo-hivecast-admin");

        assertThat(portNumber(pod, onlyPort(ws).getTargetPort())).isEqualTo(config.port());
        assertThat(portNumber(pod, onlyPort(admin).getTargetPort())).isEqualTo(config.admin().port());
        for (Service service : manifests.all(Service.class)) {
            assertThat(podLabels(pod)).as(service.getMetadata().getName())
                    .containsAllEntriesOf(service.getSpec().getSelector());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {Chart.SINGLE_NODE, Chart.INGRESS_HPA_MONITORING})
    void noListenerIsLeftWithoutAService(String scenario) {
        Manifests manifests = chart.render(scenario);
        TrackerPod pod = new TrackerPod(manifests);

        for (var port : pod.container().getPorts()) {
            assertThat(manifests.all(Service.class)).as(port.getName())
                    .anySatisfy(s -> assertThat(s.getSpec().getPorts())
                            .anyMatch(p -> port.getName().equals(p.getTargetPort().getStrVal())));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {Chart.INGRESS_HPA_MONITORING})
    void ingressSendsPlayersToTheWebSocketPortAndPrometheusToTheAdminPort(String scenario) {
        Manifests manifests = chart.render(scenario);
        TrackerPod pod = new TrackerPod(manifests);
        var config = pod.loadConfig();

        IngressServiceBackend backend = manifests.one(Ingress.class).getSpec().getRules().get(0)
                .getHttp().getPaths().get(0).getBackend().getService();
        Service ws = manifests.get(Service.class, backend.getName());
        ServicePort wsPort = ws.getSpec().getPorts().stream()
                .filter(p -> p.getName().equals(backend.getPort().getName())).findFirst().orElseThrow();
        assertThat(portNumber(pod, wsPort.getTargetPort())).isEqualTo(config.port());

        ServiceMonitor monitor = manifests.one(ServiceMonitor.class);
        Endpoint endpoint = monitor.getSpec().getEndpoints().get(0);
        Map<String, String> selector = monitor.getSpec().getSelector().getMatchLabels();
        var scraped = manifests.all(Service.class).stream()
                .filter(s -> s.getMetadata().getLabels().entrySet().containsAll(selector.entrySet()))
                .toList();
        assertThat(scraped).extracting(s -> s.getMetadata().getName())
                .containsExactly("demo-hivecast-admin");
        ServicePort scrapedPort = scraped.get(0).getSpec().getPorts().stream()
                .filter(p -> p.getName().equals(endpoint.getPort())).findFirst().orElseThrow();
        assertThat(portNumber(pod, scrapedPort.getTargetPort())).isEqualTo(config.admin().port());
        assertThat(endpoint.getPath()).isEqualTo("/metrics");
        assertThat(monitor.getSpec().getNamespaceSelector().getMatchNames()).containsExactly(Chart.NAMESPACE);
    }

    @ParameterizedTest
    @ValueSource(strings = {Chart.SINGLE_NODE})
    void portsMoveTogetherWhenChanged(String scenario) {
        Manifests manifests = chart.render(scenario, Map.of("ports.websocket", 8080, "ports.admin", 8081));
        TrackerPod pod = new TrackerPod(manifests);
        var config = pod.loadConfig();

        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.admin().port()).isEqualTo(8081);
        assertThat(portNumber(pod, httpGet(pod.container().getReadinessProbe()).getPort())).isEqualTo(8081);
        assertThat(portNumber(pod, onlyPort(manifests.get(Service.class, "demo-hivecast")).getTargetPort()))
                .isEqualTo(8080);
    }

    private static HTTPGetAction httpGet(Probe probe) {
        assertThat(probe).isNotNull();
        assertThat(probe.getHttpGet()).isNotNull();
        return probe.getHttpGet();
    }

    private static ServicePort onlyPort(Service service) {
        assertThat(service.getSpec().getPorts()).hasSize(1);
        return service.getSpec().getPorts().get(0);
    }

    /** A named or numbered port of the tracker container, as a number. */
    static int portNumber(TrackerPod pod, IntOrString port) {
        return port.getIntVal() != null ? port.getIntVal() : pod.containerPort(port.getStrVal());
    }

    static Map<String, String> podLabels(TrackerPod pod) {
        return pod.deployment().getSpec().getTemplate().getMetadata().getLabels();
    }
}
