package dev.hivecast.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Gateway API beside the Ingress: an HTTPRoute to the WebSocket Service, off by default. */
class HttpRouteTest {

    /** The fields gateway.networking.k8s.io/v1 defines where the chart writes (a model stand-in). */
    private static final Map<String, Set<String>> KNOWN_FIELDS = Map.of(
            "", Set.of("parentRefs", "hostnames", "rules"),
            "/rules/0", Set.of("matches", "backendRefs", "timeouts", "filters"),
            "/rules/0/matches/0", Set.of("path", "headers", "queryParams", "method"),
            "/rules/0/backendRefs/0", Set.of("group", "kind", "name", "namespace", "port", "weight"),
            "/parentRefs/0", Set.of("group", "kind", "namespace", "name", "sectionName", "port"));

    private static final String GATEWAY = """
            httpRoute:
              enabled: true
              parentRefs:
                - name: public
                  namespace: gateway-system
                  sectionName: https
              hostnames:
                - tracker.example.com
            """;

    private final Chart chart = Chart.source();

    @Test
    void offByDefault() {
        assertThat(routes(chart.render())).isEmpty();
    }

    @Test
    void routesTheHostsPathToTheWebSocketService() {
        HttpRoute route = routes(chart.renderWithValues(GATEWAY)).get(0);
        JsonNode spec = route.getSpec();

        assertThat(route.getMetadata().getName()).isEqualTo("demo-hivecast");
        assertThat(route.getMetadata().getLabels()).containsEntry("app.kubernetes.io/instance", Chart.RELEASE);
        assertThat(spec.at("/parentRefs/0/name").asText()).isEqualTo("public");
        assertThat(spec.at("/parentRefs/0/namespace").asText()).isEqualTo("gateway-system");
        assertThat(spec.at("/parentRefs/0/sectionName").asText()).isEqualTo("https");
        assertThat(spec.at("/hostnames/0").asText()).isEqualTo("tracker.example.com");
        assertThat(spec.at("/rules/0/matches/0/path/type").asText()).isEqualTo("PathPrefix");
        assertThat(spec.at("/rules/0/matches/0/path/value").asText()).isEqualTo("/");
        assertThat(spec.at("/rules/0/backendRefs/0/name").asText()).isEqualTo("demo-hivecast");
        assertThat(spec.at("/rules/0/backendRefs/0/port").asInt()).isEqualTo(80);
        assertThat(spec.at("/rules/0/timeouts").isMissingNode()).isTrue();
        assertOnlyKnownFields(route);
    }

    @Test
    void timeoutsAreTheRulesWhenGiven() {
        HttpRoute route = routes(chart.renderWithValues(GATEWAY + "  timeouts:\n    request: 0s\n")).get(0);

        assertThat(route.getSpec().at("/rules/0/timeouts/request").asText()).isEqualTo("0s");
        assertOnlyKnownFields(route);
    }

    @Test
    void playersAreToldTheRoutesFirstHostOverTls() {
        TrackerPod pod = new TrackerPod(chart.renderWithValues(GATEWAY));

        assertThat(Manifests.readYaml(pod.configFileText()).path("public-url").asText())
                .isEqualTo("wss://tracker.example.com/");
    }

    @Test
    void livesBesideTheIngress() {
        Manifests both = chart.renderWithValues(GATEWAY + "ingress:\n  enabled: true\n");

        assertThat(routes(both)).hasSize(1);
        assertThat(both.all(Ingress.class)).hasSize(1);
    }

    @Test
    void aRouteWithoutAGatewayIsRefused() {
        assertThatThrownBy(() -> chart.render(Map.of("httpRoute.enabled", true)))
                .hasMessageContaining("httpRoute.enabled needs httpRoute.parentRefs");
    }

    private static List<HttpRoute> routes(Manifests manifests) {
        return manifests.all(HttpRoute.class);
    }

    private static void assertOnlyKnownFields(HttpRoute route) {
        KNOWN_FIELDS.forEach((pointer, known) -> {
            JsonNode node = route.getSpec().at(pointer);
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                assertThat(known).as("field %s at %s", name, pointer).contains(name);
            }
        });
    }
}
