package dev.hivecast.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Service;
import org.junit.jupiter.api.Test;

/** The parser the chart tests rely on refuses what a real API server would drop or refuse. */
class ManifestsTest {

    @Test
    void misspeltFieldDeepInAnObjectIsRefused() {
        String yaml = """
                apiVersion: v1
                kind: Service
                metadata:
                  name: s
                spec:
                  clusterIP: None
                  publishNotReadyAdresses: true
                """;

        assertThatThrownBy(() -> Manifests.parse(yaml))
                .hasMessageContaining("Unknown field(s) [publishNotReadyAdresses] in v1/Service.Spec");
    }

    @Test
    void kindTheChartShouldNotRenderIsRefused() {
        assertThatThrownBy(() -> Manifests.parse("apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\n"))
                .hasMessageContaining("unexpected rbac.authorization.k8s.io/v1/Role");
    }

    @Test
    void documentsBecomeTypedObjects() {
        Manifests manifests = Manifests.parse("""
                ---
                apiVersion: v1
                kind: Service
                metadata:
                  name: a
                spec:
                  publishNotReadyAddresses: true
                ---
                # an empty document, as helm template prints for a template that renders nothing
                ---
                """);

        assertThat(manifests.one(Service.class).getSpec().getPublishNotReadyAddresses()).isTrue();
    }
}
