package dev.hivecast.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import dev.hivecast.tracker.config.AccessConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * info_hash allow and deny lists from a ConfigMap (the chart's, from values, or the operator's),
 * mounted as whole files where the config points; lists at http(s) URLs still go under config.
 */
class InfoHashListsTest {

    private static final String ALLOWLIST_PATH = "/etc/hivecast-lists/allowlist.txt";
    private static final String DENYLIST_PATH = "/etc/hivecast-lists/denylist.txt";
    /** The allowlist of the ci scenario access-tls-values.yaml. */
    private static final String ALLOWLIST = """
            # streams of the 3 June event
            0123456789abcdef0123456789abcdef01234567   # main stage
            Zm9vYmFyYmF6cXV4cXV4
            """;

    private final Chart chart = Chart.source();

    @Test
    void listsGivenAsValuesAreMountedFromTheChartsConfigMapWhereTheConfigPoints() {
        Manifests manifests = chart.render(Chart.ACCESS_TLS);
        TrackerPod pod = new TrackerPod(manifests, List.of(SignedUrlSecretsTest.TLS_SECRET));

        assertThat(configured(pod, "info-hash-allowlist")).isEqualTo(ALLOWLIST_PATH);
        VolumeMount mount = pod.mountHolding(ALLOWLIST_PATH);
        assertThat(mount.getReadOnly()).isTrue();
        assertThat(pod.volume(mount.getName()).getConfigMap().getName()).isEqualTo("demo-hivecast-lists");
        assertThat(pod.mountedFileText(ALLOWLIST_PATH)).as("the text as written, comments and all")
                .isEqualTo(ALLOWLIST);
        AccessConfig access = pod.loadConfig().access();
        assertThat(access.infoHashAllowlist()).isNotEmpty();
        assertThat(access.infoHashDenylist()).as("a URL under config is passed on")
                .isEqualTo("https://lists.example.org/denied.txt");
    }

    @Test
    void listsMayComeFromTheOperatorsConfigMapUnderAnyKeys() {
        ConfigMap lists = new ConfigMapBuilder().withNewMetadata().withName("stream-lists").endMetadata()
                .withData(Map.of("event.txt", ALLOWLIST, "blocked.txt", "# none\n")).build();
        Manifests manifests = chart.renderWithValues("""
                access:
                  infoHashLists:
                    existingConfigMap: stream-lists
                    existingAllowlistKey: event.txt
                    existingDenylistKey: blocked.txt
                """);
        TrackerPod pod = new TrackerPod(manifests, List.of(lists));

        Volume volume = pod.volume(pod.mountHolding(ALLOWLIST_PATH).getName());
        assertThat(volume.getConfigMap().getName()).isEqualTo("stream-lists");
        assertThat(volume.getConfigMap().getItems()).extracting(KeyToPath::getKey, KeyToPath::getPath)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("event.txt", "allowlist.txt"),
                        org.assertj.core.groups.Tuple.tuple("blocked.txt", "denylist.txt"));
        assertThat(pod.mountedFileText(ALLOWLIST_PATH)).isEqualTo(ALLOWLIST);
        assertThat(pod.mountedFileText(DENYLIST_PATH)).isEqualTo("# none\n");
        assertThat(manifests.named(ConfigMap.class, "demo-hivecast-lists")).isEmpty();
        assertThat(configured(pod, "info-hash-denylist")).isEqualTo(DENYLIST_PATH);
        pod.loadConfig();
    }

    @Test
    void onlyTheListsGivenAreMountedAndConfigured() {
        TrackerPod pod = new TrackerPod(chart.render(Map.of("access.infoHashLists.denylist", "# none yet\n")));

        assertThat(configured(pod, "info-hash-allowlist")).isEmpty();
        assertThat(configured(pod, "info-hash-denylist")).isEqualTo(DENYLIST_PATH);
        assertThat(pod.volume(pod.mountHolding(DENYLIST_PATH).getName()).getConfigMap().getItems())
                .extracting(KeyToPath::getPath).containsExactly("denylist.txt");
        assertThat(pod.loadConfig().access().infoHashAllowlist()).isEmpty();
    }

    @Test
    void editingAListRestartsNoPodAndTheKubeletCanUpdateTheMountedFile() {
        Manifests before = chart.render(Map.of("access.infoHashLists.allowlist", ALLOWLIST));
        Manifests edited = chart.render(Map.of("access.infoHashLists.allowlist", ALLOWLIST + "# one more\n"));

        assertThat(podTemplateAnnotations(edited)).isEqualTo(podTemplateAnnotations(before));
        // A subPath mount is a copy the kubelet never updates.
        assertThat(new TrackerPod(before).mountHolding(ALLOWLIST_PATH).getSubPath()).isNull();
    }

    @Test
    void withoutListsNothingIsMounted() {
        TrackerPod pod = new TrackerPod(chart.render());

        assertThat(pod.spec().getVolumes()).extracting(Volume::getName).containsExactlyInAnyOrder("config", "tmp");
        assertThat(pod.loadConfig().access().infoHashAllowlist()).isEmpty();
    }

    @Test
    void aFilePathUnderConfigIsRefusedBecauseNoSuchFileIsInThePod() {
        assertThatThrownBy(() -> chart.render(Map.of("config.access.info-hash-allowlist", "/data/allow.txt")))
                .hasMessageContaining("config.access.info-hash-allowlist must be an http(s) URL")
                .hasMessageContaining("access.infoHashLists");
    }

    @Test
    void aListFromBothValuesAndConfigIsRefused() {
        assertThatThrownBy(() -> chart.render(Chart.ACCESS_TLS,
                Map.of("config.access.info-hash-allowlist", "https://lists.example.org/allowed.txt")))
                .hasMessageContaining("config.access.info-hash-allowlist is set by the chart from access.infoHashLists");
    }

    @Test
    void theListsComeFromOneConfigMapWhoseKeysAreNamed() {
        assertThatThrownBy(() -> chart.render(Chart.ACCESS_TLS, Map.of("access.infoHashLists.existingConfigMap", "x",
                "access.infoHashLists.existingAllowlistKey", "a")))
                .hasMessageContaining("the lists' text (allowlist, denylist) and existingConfigMap are both set");
        assertThatThrownBy(() -> chart.render(Map.of("access.infoHashLists.existingConfigMap", "x")))
                .hasMessageContaining("existingConfigMap needs existingAllowlistKey or existingDenylistKey");
        assertThatThrownBy(() -> chart.render(Map.of("access.infoHashLists.existingDenylistKey", "deny.txt")))
                .hasMessageContaining("are keys of access.infoHashLists.existingConfigMap, which is not set");
    }

    private static String configured(TrackerPod pod, String key) {
        return Manifests.readYaml(pod.configFileText()).path("access").path(key).asText();
    }

    private static Map<String, String> podTemplateAnnotations(Manifests manifests) {
        return manifests.one(Deployment.class).getSpec().getTemplate().getMetadata().getAnnotations();
    }
}
