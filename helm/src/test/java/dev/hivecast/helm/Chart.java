package dev.hivecast.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The chart under test ({@code helm/hivecast}), rendered offline by the Helm library embedded in
 * helm-java: no helm binary, no cluster.
 */
final class Chart {

    static final String RELEASE = "demo";
    static final String NAMESPACE = "live";
    /** helm-java's Helm defaults to Kubernetes 1.20 when asked to render offline. */
    static final String KUBE_VERSION = "1.30.0";

    /** The test scenarios: values files under the chart's ci/ folder (excluded from packages). */
    static final String SINGLE_NODE = "single-node-values.yaml";
    static final String HAZELCAST_3_NODES = "hazelcast-3-node-values.yaml";
    static final String REDIS = "redis-values.yaml";
    static final String REDIS_TLS = "redis-tls-values.yaml";
    static final String INGRESS_HPA_MONITORING = "ingress-hpa-servicemonitor-values.yaml";
    static final String ACCESS_TLS = "access-tls-values.yaml";
    static final String GATEWAY_EXTENSIONS = "gateway-extensions-values.yaml";

    private final Path dir;

    private Chart(Path dir) {
        this.dir = dir;
    }

    /** The chart in the source tree. */
    static Chart source() {
        String configured = System.getProperty("chart.dir");
        Path dir = configured != null ? Path.of(configured) : Path.of("hivecast");
        if (!Files.isRegularFile(dir.resolve("Chart.yaml"))) {
            throw new IllegalStateException("No chart at " + dir.toAbsolutePath());
        }
        return new Chart(dir);
    }

    Path dir() {
        return dir;
    }

    /** The repository holding the source chart (helm/hivecast), for the originals in grafana/. */
    static Path repository() {
        Path root = source().dir().toAbsolutePath().normalize().getParent().getParent();
        if (!Files.isDirectory(root.resolve("grafana"))) {
            throw new IllegalStateException("No grafana/ folder at " + root);
        }
        return root;
    }

    LintResult lintStrict() {
        return new Helm(dir).lint().strict().call();
    }

    /**
     * {@code helm lint --strict -f ci/SCENARIO}: helm-java's lint takes no values files, so this
     * lints a copy of the chart in {@code work} whose values.yaml has the scenario merged in.
     */
    LintResult lintStrict(String scenario, Path work) throws IOException {
        Chart copy = copyTo(work);
        ObjectNode values = (ObjectNode) YAML.readTree(dir.resolve("values.yaml").toFile());
        JsonNode overrides = YAML.readTree(dir.resolve("ci").resolve(scenario).toFile());
        merge(values, overrides);
        YAML.writeValue(copy.dir().resolve("values.yaml").toFile(), values);
        return copy.lintStrict();
    }

    /** Helm's coalescing of values: maps merge key by key, anything else replaces. */
    private static void merge(ObjectNode target, JsonNode overrides) {
        for (Map.Entry<String, JsonNode> entry : overrides.properties()) {
            JsonNode existing = target.get(entry.getKey());
            if (existing instanceof ObjectNode into && entry.getValue().isObject()) {
                merge(into, entry.getValue());
            } else {
                target.set(entry.getKey(), entry.getValue());
            }
        }
    }

    private static final YAMLMapper YAML = new YAMLMapper();

    /** {@code helm template} with the chart's default values only. */
    Manifests render() {
        return render(Map.of());
    }

    /** {@code helm template -f ci/SCENARIO --set k=v ...}; a rendering error throws. */
    Manifests render(String scenario, Map<String, Object> sets) {
        TemplateCommand command = template().withValuesFile(dir.resolve("ci").resolve(scenario));
        for (Map.Entry<String, Object> set : sets.entrySet()) {
            command = command.set(set.getKey(), set.getValue());
        }
        return Manifests.parse(command.call());
    }

    Manifests render(String scenario) {
        return render(scenario, Map.of());
    }

    /** {@code helm template RELEASE -f ci/SCENARIO --set k=v ...} for a release named otherwise. */
    Manifests renderRelease(String release, String scenario, Map<String, Object> sets) {
        TemplateCommand command = template(release).withValuesFile(dir.resolve("ci").resolve(scenario));
        for (Map.Entry<String, Object> set : sets.entrySet()) {
            command = command.set(set.getKey(), set.getValue());
        }
        return Manifests.parse(command.call());
    }

    Manifests render(Map<String, Object> sets) {
        TemplateCommand command = template();
        for (Map.Entry<String, Object> set : sets.entrySet()) {
            command = command.set(set.getKey(), set.getValue());
        }
        return Manifests.parse(command.call());
    }

    /** Renders with a values file written by the test; a rendering error throws. */
    Manifests renderWithValues(String valuesYaml) {
        try {
            Path values = Files.createTempFile("values-", ".yaml");
            try {
                Files.writeString(values, valuesYaml);
                return Manifests.parse(template().withValuesFile(values).call());
            } finally {
                Files.delete(values);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The NOTES.txt {@code helm install} would print, from a client-only dry run: Helm talks to no
     * cluster (the kubeconfig it insists on names a closed loopback port).
     */
    String installNotes(String scenario) {
        String output = new Helm(dir).install()
                .withName(RELEASE)
                .withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION)
                .clientOnly()
                .dryRun()
                .withDryRunOption(DryRun.CLIENT)
                .withKubeConfigContents(UNREACHABLE_KUBECONFIG)
                .withValuesFile(dir.resolve("ci").resolve(scenario))
                .call()
                .getOutput();
        int notes = output.indexOf("NOTES:");
        if (notes < 0) {
            throw new AssertionError("No NOTES in the install output:\n" + output);
        }
        return output.substring(notes);
    }

    private static final String UNREACHABLE_KUBECONFIG = """
            apiVersion: v1
            kind: Config
            clusters:
              - name: none
                cluster:
                  server: https://127.0.0.1:9
            contexts:
              - name: none
                context:
                  cluster: none
                  user: none
            current-context: none
            users:
              - name: none
                user: {}
            """;

    /** A copy of this chart in {@code target}, for tests that add files to it. */
    Chart copyTo(Path target) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path copy = target.resolve(dir.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(source, copy, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return new Chart(target);
    }

    private TemplateCommand template() {
        return template(RELEASE);
    }

    private TemplateCommand template(String release) {
        return new Helm(dir).template()
                .withName(release)
                .withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION);
    }
}
