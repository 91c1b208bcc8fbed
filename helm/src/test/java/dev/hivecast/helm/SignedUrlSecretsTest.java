package dev.hivecast.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.hivecast.tracker.config.AccessConfig;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Signed announce URLs: the HMAC secrets reach the tracker as TRACKER_ACCESS_URL_SECRET and
 * TRACKER_ACCESS_URL_PREVIOUS_SECRET from a Secret (the chart's or the operator's), never through
 * the ConfigMap, which is plain text.
 */
class SignedUrlSecretsTest {

    /** The values of the ci scenario access-tls-values.yaml. */
    private static final String SECRET = "current-secret-0123456789abcdef";
    private static final String PREVIOUS = "previous-secret-0123456789abcdef";
    /** The TLS Secret that scenario names, so its pod's config loads. */
    static final Secret TLS_SECRET = new SecretBuilder().withNewMetadata().withName("tracker-tls").endMetadata()
            .withType("kubernetes.io/tls")
            .withData(Map.of("tls.crt", base64("-----BEGIN CERTIFICATE-----\n"), "tls.key", base64("key")))
            .build();

    private final Chart chart = Chart.source();

    @Test
    void secretsGivenAsValuesReachTheTrackerFromTheChartsSecretAndNowhereElse() {
        Manifests manifests = chart.render(Chart.ACCESS_TLS);
        TrackerPod pod = new TrackerPod(manifests, List.of(TLS_SECRET));

        assertThat(secretRef(pod, "TRACKER_ACCESS_URL_SECRET"))
                .isEqualTo(new SecretKeySelector("url-secret", "demo-hivecast-access", null));
        assertThat(secretRef(pod, "TRACKER_ACCESS_URL_PREVIOUS_SECRET"))
                .isEqualTo(new SecretKeySelector("url-previous-secret", "demo-hivecast-access", null));
        assertThat(manifests.get(Secret.class, "demo-hivecast-access").getStringData())
                .containsExactlyInAnyOrderEntriesOf(Map.of("url-secret", SECRET, "url-previous-secret", PREVIOUS));
        AccessConfig access = pod.loadConfig().access();
        assertThat(access.urlSecret()).isEqualTo(SECRET);
        assertThat(access.urlPreviousSecret()).isEqualTo(PREVIOUS);
        assertThat(manifests.all(ConfigMap.class)).allSatisfy(cm -> assertThat(cm.getData().values())
                .noneMatch(v -> v.contains(SECRET) || v.contains(PREVIOUS)));
        assertThat(json(pod.deployment())).doesNotContain(SECRET).doesNotContain(PREVIOUS);
    }

    @Test
    void withoutAPreviousSecretThereIsNoPreviousVariable() {
        Manifests manifests = chart.render(Map.of("access.signedUrls.secret", SECRET));
        TrackerPod pod = new TrackerPod(manifests);

        assertThat(env(pod, "TRACKER_ACCESS_URL_PREVIOUS_SECRET")).isEmpty();
        assertThat(manifests.get(Secret.class, "demo-hivecast-access").getStringData()).containsOnlyKeys("url-secret");
        assertThat(pod.loadConfig().access().urlPreviousSecret()).isEmpty();
    }

    @Test
    void secretsMayComeFromTheOperatorsSecretWhosePreviousKeyIsOptional() {
        Manifests manifests = chart.renderWithValues("""
                access:
                  signedUrls:
                    existingSecret: tracker-url-signing
                    existingSecretKey: current
                    existingSecretPreviousKey: before-rotation
                """);
        Secret beforeRotation = operatorSecret(Map.of("current", SECRET));
        Secret duringRotation = operatorSecret(Map.of("current", SECRET, "before-rotation", PREVIOUS));
        TrackerPod pod = new TrackerPod(manifests, List.of(beforeRotation));

        assertThat(secretRef(pod, "TRACKER_ACCESS_URL_SECRET"))
                .isEqualTo(new SecretKeySelector("current", "tracker-url-signing", null));
        assertThat(secretRef(pod, "TRACKER_ACCESS_URL_PREVIOUS_SECRET"))
                .as("the pod starts whether or not the Secret holds a previous secret")
                .isEqualTo(new SecretKeySelector("before-rotation", "tracker-url-signing", true));
        assertThat(manifests.all(Secret.class)).as("the chart stores no secret").isEmpty();
        assertThat(pod.loadConfig().access().urlPreviousSecret()).isEmpty();
        assertThat(new TrackerPod(manifests, List.of(duringRotation)).loadConfig().access().urlPreviousSecret())
                .isEqualTo(PREVIOUS);
    }

    @Test
    void anEmptyPreviousKeyLeavesThePreviousSecretOut() {
        TrackerPod pod = new TrackerPod(chart.render(Map.of("access.signedUrls.existingSecret", "tracker-url-signing",
                "access.signedUrls.existingSecretPreviousKey", "")));

        assertThat(secretRef(pod, "TRACKER_ACCESS_URL_SECRET").getKey()).isEqualTo("url-secret");
        assertThat(env(pod, "TRACKER_ACCESS_URL_PREVIOUS_SECRET")).isEmpty();
    }

    @Test
    void aNewSecretInValuesRollsThePodsWhichReadItOnlyWhenTheyStart() {
        String before = accessChecksum(chart.render(Map.of("access.signedUrls.secret", SECRET)));
        String rotated = accessChecksum(chart.render(Map.of("access.signedUrls.secret", "a-new-secret-0123456789",
                "access.signedUrls.previousSecret", SECRET)));

        assertThat(before).isNotBlank().isNotEqualTo(rotated);
        assertThat(chart.render(Map.of("access.signedUrls.existingSecret", "tracker-url-signing"))
                .one(io.fabric8.kubernetes.api.model.apps.Deployment.class).getSpec().getTemplate().getMetadata()
                .getAnnotations()).as("nothing of the operator's Secret to hash").doesNotContainKey("checksum/access-secret");
    }

    @Test
    void withoutSignedUrlsThereIsNoVariableAndNoSecret() {
        Manifests manifests = chart.render();
        TrackerPod pod = new TrackerPod(manifests);

        assertThat(env(pod, "TRACKER_ACCESS_URL_SECRET")).isEmpty();
        assertThat(manifests.all(Secret.class)).isEmpty();
        assertThat(pod.loadConfig().access().signedUrls()).isFalse();
    }

    @Test
    void secretsUnderConfigAreRefusedBecauseTheConfigMapIsPlainText() {
        for (String key : List.of("url-secret", "url-previous-secret")) {
            assertThatThrownBy(() -> chart.render(Map.of("config.access." + key, SECRET)))
                    .hasMessageContaining("config.access." + key + " is set by the chart from a Secret")
                    .hasMessageContaining("access.signedUrls")
                    .hasMessageContaining("plain text")
                    .hasMessageNotContaining(SECRET);
        }
    }

    @Test
    void eachSecretComesFromOnePlace() {
        assertThatThrownBy(() -> chart.render(Chart.ACCESS_TLS, Map.of("access.signedUrls.existingSecret", "x")))
                .hasMessageContaining("access.signedUrls.secret and access.signedUrls.existingSecret are both set");
        assertThatThrownBy(() -> chart.render(Map.of("access.signedUrls.existingSecret", "x",
                "access.signedUrls.previousSecret", PREVIOUS)))
                .hasMessageContaining("previousSecret and access.signedUrls.existingSecret are both set")
                .hasMessageContaining("existingSecretPreviousKey");
    }

    @Test
    void whatTheTrackerWouldRefuseIsRefusedAtInstallWithoutPrintingTheSecret() {
        assertThatThrownBy(() -> chart.render(Map.of("access.signedUrls.previousSecret", PREVIOUS)))
                .hasMessageContaining("access.signedUrls.previousSecret needs access.signedUrls.secret");
        assertThatThrownBy(() -> chart.render(Map.of("access.signedUrls.secret", "hunter2")))
                .hasMessageContaining("access.signedUrls.secret must have at least 16 characters, got 7")
                .hasMessageNotContaining("hunter2");
    }

    private static String accessChecksum(Manifests manifests) {
        return manifests.one(io.fabric8.kubernetes.api.model.apps.Deployment.class).getSpec().getTemplate()
                .getMetadata().getAnnotations().get("checksum/access-secret");
    }

    private static Secret operatorSecret(Map<String, String> keys) {
        Map<String, String> data = new java.util.HashMap<>();
        keys.forEach((k, v) -> data.put(k, base64(v)));
        return new SecretBuilder().withNewMetadata().withName("tracker-url-signing").endMetadata().withData(data).build();
    }

    private static SecretKeySelector secretRef(TrackerPod pod, String name) {
        EnvVar variable = env(pod, name).orElseThrow(() -> new AssertionError("no " + name));
        assertThat(variable.getValue()).as("no literal value in the pod spec").isNull();
        return variable.getValueFrom().getSecretKeyRef();
    }

    static Optional<EnvVar> env(TrackerPod pod, String name) {
        return pod.container().getEnv().stream().filter(v -> v.getName().equals(name)).findFirst();
    }

    static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String json(HasMetadata object) {
        try {
            return JsonMapper.builder().build().writeValueAsString(object);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
