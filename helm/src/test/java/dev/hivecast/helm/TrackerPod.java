package dev.hivecast.helm;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import dev.hivecast.tracker.config.ConfigLoader;
import dev.hivecast.tracker.config.LoadResult;
import dev.hivecast.tracker.config.TrackerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tracker container of the rendered Deployment, and the config it would start with: the
 * ConfigMap's file and the container's environment, read by the tracker's own {@link ConfigLoader}.
 */
final class TrackerPod {

    /** What the downward API would give for status.podIP. */
    static final String POD_IP = "10.42.0.7";

    private final Manifests manifests;
    private final List<HasMetadata> existing;
    private final Deployment deployment;

    TrackerPod(Manifests manifests) {
        this(manifests, List.of());
    }

    /**
     * @param existing Secrets and ConfigMaps already in the namespace (the operator's), which the
     *                 pod may reference besides what the chart renders
     */
    TrackerPod(Manifests manifests, List<HasMetadata> existing) {
        this.manifests = manifests;
        this.existing = List.copyOf(existing);
        this.deployment = manifests.one(Deployment.class);
    }

    Deployment deployment() {
        return deployment;
    }

    PodSpec spec() {
        return deployment.getSpec().getTemplate().getSpec();
    }

    Container container() {
        return spec().getContainers().stream().filter(c -> c.getName().equals("tracker"))
                .findFirst().orElseThrow(() -> new AssertionError("no container named tracker"));
    }

    int containerPort(String name) {
        return container().getPorts().stream().filter(p -> name.equals(p.getName()))
                .findFirst().orElseThrow(() -> new AssertionError("no container port " + name))
                .getContainerPort();
    }

    boolean hasContainerPort(String name) {
        return container().getPorts().stream().anyMatch(p -> name.equals(p.getName()));
    }

    /** The config file's text, found through the volume mounted at TRACKER_CONFIG's directory. */
    String configFileText() {
        return mountedFileText(envValue("TRACKER_CONFIG"));
    }

    /** The mount whose directory holds {@code path} (the innermost, as in the container). */
    VolumeMount mountHolding(String path) {
        Path file = Path.of(path);
        return container().getVolumeMounts().stream()
                .filter(m -> file.startsWith(m.getMountPath()))
                .max(Comparator.comparingInt(m -> Path.of(m.getMountPath()).getNameCount()))
                .orElseThrow(() -> new AssertionError("nothing mounted at " + file.getParent()));
    }

    Volume volume(String name) {
        return spec().getVolumes().stream().filter(v -> v.getName().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no volume " + name));
    }

    /**
     * What the container reads at {@code path}: the key of the ConfigMap or Secret that the
     * kubelet projects there (through the volume's items when it lists some), resolved among the
     * rendered objects and the existing ones.
     */
    String mountedFileText(String path) {
        VolumeMount mount = mountHolding(path);
        Volume volume = volume(mount.getName());
        String file = Path.of(mount.getMountPath()).relativize(Path.of(path)).toString();
        if (volume.getConfigMap() != null) {
            String name = volume.getConfigMap().getName();
            String key = keyProjectedAt(volume.getConfigMap().getItems(), file, "ConfigMap " + name);
            String text = object(ConfigMap.class, name).getData().get(key);
            if (text == null) {
                throw new AssertionError("ConfigMap " + name + " has no " + key);
            }
            return text;
        }
        if (volume.getSecret() != null) {
            String name = volume.getSecret().getSecretName();
            String key = keyProjectedAt(volume.getSecret().getItems(), file, "Secret " + name);
            return secretValue(name, key);
        }
        throw new AssertionError("volume " + volume.getName() + " is neither a ConfigMap nor a Secret");
    }

    /** Without items every key is a file of its name; with items only the listed keys, renamed. */
    private static String keyProjectedAt(List<KeyToPath> items, String file, String source) {
        if (items == null || items.isEmpty()) {
            return file;
        }
        return items.stream().filter(i -> i.getPath().equals(file)).findFirst()
                .orElseThrow(() -> new AssertionError(source + " projects no key at " + file))
                .getKey();
    }

    private <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
        return manifests.named(type, name).or(() -> existing.stream().filter(type::isInstance).map(type::cast)
                .filter(o -> name.equals(o.getMetadata().getName())).findFirst());
    }

    private <T extends HasMetadata> T object(Class<T> type, String name) {
        return find(type, name)
                .orElseThrow(() -> new AssertionError("No " + type.getSimpleName() + " named " + name
                        + " rendered or existing"));
    }

    private String secretValue(String name, String key) {
        Secret secret = object(Secret.class, name);
        if (secret.getStringData() != null && secret.getStringData().containsKey(key)) {
            return secret.getStringData().get(key);
        }
        if (secret.getData() != null && secret.getData().containsKey(key)) {
            return new String(Base64.getDecoder().decode(secret.getData().get(key)));
        }
        throw new AssertionError("Secret " + name + " has no key " + key);
    }

    /**
     * Loads the config as the tracker in this pod would: the ConfigMap's file through
     * TRACKER_CONFIG, and every environment variable of the container (pod IP and Secret values
     * resolved as the kubelet would).
     *
     * @throws dev.hivecast.tracker.config.ConfigException when the tracker would refuse to start
     */
    TrackerConfig loadConfig() {
        List<Path> temporary = new ArrayList<>();
        try {
            Path file = Files.createTempFile("tracker-", ".yaml");
            temporary.add(file);
            String text = configFileText();
            Files.writeString(file, text);
            Map<String, String> env = environment();
            env.put("TRACKER_CONFIG", file.toString());
            // The tracker refuses file paths it cannot read. The test cannot write under /etc, so
            // the content mounted at each configured path goes to a temporary file, which the
            // (winning) environment variable names instead.
            JsonNode config = Manifests.readYaml(text);
            for (Map.Entry<String, String> key : MOUNTED_FILE_KEYS.entrySet()) {
                String path = config.at(key.getKey()).asText();
                if (!path.isEmpty() && !path.matches("^https?://.*")) {
                    Path copy = Files.createTempFile("mounted-", ".txt");
                    temporary.add(copy);
                    Files.writeString(copy, mountedFileText(path));
                    env.put(key.getValue(), copy.toString());
                }
            }
            LoadResult result = ConfigLoader.load(new String[0], env);
            if (!(result instanceof LoadResult.Start start)) {
                throw new AssertionError("The tracker would print and exit: " + result);
            }
            return start.config();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            temporary.forEach(TrackerPod::deleteQuietly);
        }
    }

    /** Config keys (as JSON pointers) that may name a file mounted in the pod, and their variables. */
    private static final Map<String, String> MOUNTED_FILE_KEYS = Map.of(
            "/cluster/redis-tls-trust-pem", "TRACKER_CLUSTER_REDIS_TLS_TRUST_PEM",
            "/tls/cert-pem", "TRACKER_TLS_CERT_PEM",
            "/tls/key-pem", "TRACKER_TLS_KEY_PEM",
            "/access/info-hash-allowlist", "TRACKER_ACCESS_INFO_HASH_ALLOWLIST",
            "/access/info-hash-denylist", "TRACKER_ACCESS_INFO_HASH_DENYLIST");

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The container's environment with every reference resolved. */
    Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        for (EnvVar var : container().getEnv()) {
            if (!isMissingOptional(var)) {
                env.put(var.getName(), resolve(var));
            }
        }
        return env;
    }

    /** The kubelet leaves a variable unset when its optional Secret key is absent. */
    private boolean isMissingOptional(EnvVar var) {
        if (var.getValueFrom() == null || var.getValueFrom().getSecretKeyRef() == null
                || !Boolean.TRUE.equals(var.getValueFrom().getSecretKeyRef().getOptional())) {
            return false;
        }
        String key = var.getValueFrom().getSecretKeyRef().getKey();
        return find(Secret.class, var.getValueFrom().getSecretKeyRef().getName())
                .map(s -> !(s.getStringData() != null && s.getStringData().containsKey(key))
                        && !(s.getData() != null && s.getData().containsKey(key)))
                .orElse(true);
    }

    String envValue(String name) {
        return container().getEnv().stream().filter(v -> v.getName().equals(name)).findFirst()
                .map(this::resolve).orElseThrow(() -> new AssertionError("no env var " + name));
    }

    private String resolve(EnvVar var) {
        if (var.getValueFrom() == null) {
            return var.getValue();
        }
        if (var.getValueFrom().getFieldRef() != null) {
            String path = var.getValueFrom().getFieldRef().getFieldPath();
            if (!path.equals("status.podIP")) {
                throw new AssertionError("unexpected fieldRef " + path);
            }
            return POD_IP;
        }
        if (var.getValueFrom().getSecretKeyRef() != null) {
            return secretValue(var.getValueFrom().getSecretKeyRef().getName(),
                    var.getValueFrom().getSecretKeyRef().getKey());
        }
        throw new AssertionError("unexpected env source for " + var.getName());
    }
}
