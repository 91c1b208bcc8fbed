package dev.hivecast.helm;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
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
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * The tracker container of the rendered Deployment, and the config it would start with: the
 * ConfigMap's file and the container's environment, read by the tracker's own {@link ConfigLoader}.
 */
final class TrackerPod {

    /** What the downward API would give for status.podIP. */
    static final String POD_IP = "10.42.0.7";

    private final Manifests manifests;
    private final Deployment deployment;

    TrackerPod(Manifests manifests) {
        this.manifests = manifests;
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
        Path file = Path.of(envValue("TRACKER_CONFIG"));
        VolumeMount mount = container().getVolumeMounts().stream()
                .filter(m -> file.startsWith(m.getMountPath())).findFirst()
                .orElseThrow(() -> new AssertionError("nothing mounted at " + file.getParent()));
        Volume volume = spec().getVolumes().stream().filter(v -> v.getName().equals(mount.getName()))
                .findFirst().orElseThrow(() -> new AssertionError("no volume " + mount.getName()));
        if (volume.getConfigMap() == null) {
            throw new AssertionError("volume " + volume.getName() + " is not a ConfigMap");
        }
        ConfigMap configMap = manifests.get(ConfigMap.class, volume.getConfigMap().getName());
        String key = Path.of(mount.getMountPath()).relativize(file).toString();
        String text = configMap.getData().get(key);
        if (text == null) {
            throw new AssertionError("ConfigMap " + volume.getConfigMap().getName() + " has no " + key);
        }
        return text;
    }

    /**
     * Loads the config as the tracker in this pod would: the ConfigMap's file through
     * TRACKER_CONFIG, and every environment variable of the container (pod IP and Secret values
     * resolved as the kubelet would).
     *
     * @throws dev.hivecast.tracker.config.ConfigException when the tracker would refuse to start
     */
    TrackerConfig loadConfig() {
        try {
            Path file = Files.createTempFile("tracker-", ".yaml");
            try {
                Files.writeString(file, configFileText());
                Map<String, String> env = environment();
                env.put("TRACKER_CONFIG", file.toString());
                LoadResult result = ConfigLoader.load(new String[0], env);
                if (!(result instanceof LoadResult.Start start)) {
                    throw new AssertionError("The tracker would print and exit: " + result);
                }
                return start.config();
            } finally {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The container's environment with every reference resolved. */
    Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        for (EnvVar var : container().getEnv()) {
            env.put(var.getName(), resolve(var));
        }
        return env;
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
            String name = var.getValueFrom().getSecretKeyRef().getName();
            String key = var.getValueFrom().getSecretKeyRef().getKey();
            Secret secret = manifests.get(Secret.class, name);
            if (secret.getStringData() != null && secret.getStringData().containsKey(key)) {
                return secret.getStringData().get(key);
            }
            if (secret.getData() != null && secret.getData().containsKey(key)) {
                return new String(Base64.getDecoder().decode(secret.getData().get(key)));
            }
            throw new AssertionError("Secret " + name + " has no key " + key);
        }
        throw new AssertionError("unexpected env source for " + var.getName());
    }
}
