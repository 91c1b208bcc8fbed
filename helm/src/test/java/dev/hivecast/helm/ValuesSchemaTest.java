package dev.hivecast.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** values.schema.json: Helm refuses values of the wrong type before rendering anything. */
class ValuesSchemaTest {

    private static final String SCHEMA_REFUSAL = "values don't meet the specifications of the schema";

    private final Chart chart = Chart.source();

    @Test
    void replicaCountAsAStringIsRefused() {
        assertThatThrownBy(() -> chart.renderWithValues("replicaCount: three\n"))
                .hasMessageContaining(SCHEMA_REFUSAL)
                .hasMessageContaining("at '/replicaCount': got string, want integer");
    }

    @Test
    void ingressEnabledAsAStringIsRefused() {
        assertThatThrownBy(() -> chart.renderWithValues("ingress:\n  enabled: \"yes\"\n"))
                .hasMessageContaining(SCHEMA_REFUSAL)
                .hasMessageContaining("at '/ingress/enabled': got string, want boolean");
    }

    @Test
    void unknownBackendIsRefused() {
        assertThatThrownBy(() -> chart.renderWithValues("cluster:\n  backend: etcd\n"))
                .hasMessageContaining(SCHEMA_REFUSAL)
                .hasMessageContaining("at '/cluster/backend'");
    }

    @Test
    void portOutOfRangeIsRefused() {
        assertThatThrownBy(() -> chart.renderWithValues("ports:\n  admin: 70000\n"))
                .hasMessageContaining(SCHEMA_REFUSAL)
                .hasMessageContaining("at '/ports/admin'");
    }

    @Test
    void redisPasswordAsANumberIsRefusedSoItIsNotSilentlyReformatted() {
        // An unquoted 0123 would reach the tracker as 123; the schema asks for the quotes.
        assertThatThrownBy(() -> chart.renderWithValues("cluster:\n  redis:\n    password: 12345\n"))
                .hasMessageContaining(SCHEMA_REFUSAL)
                .hasMessageContaining("at '/cluster/redis/password'")
                .hasMessageContaining("want string");
    }

    @Test
    void caBundlePastedInsteadOfNamingItsSecretOrConfigMapIsRefused() {
        assertThatThrownBy(() -> chart.renderWithValues(
                "cluster:\n  redis:\n    tlsTrust: \"-----BEGIN CERTIFICATE-----\"\n"))
                .hasMessageContaining(SCHEMA_REFUSAL)
                .hasMessageContaining("at '/cluster/redis/tlsTrust'")
                .hasMessageContaining("want object");
    }

    @Test
    void signedUrlSecretAsANumberIsRefusedSoItIsNotSilentlyReformatted() {
        assertThatThrownBy(() -> chart.renderWithValues("access:\n  signedUrls:\n    secret: 12345678901234567890\n"))
                .hasMessageContaining(SCHEMA_REFUSAL)
                .hasMessageContaining("at '/access/signedUrls/secret'")
                .hasMessageContaining("want string");
    }

    @Test
    void anAllowlistWrittenAsAYamlListIsRefused() {
        // The list is a file's text (docs/security.md#info_hash-lists): a block scalar, not a sequence.
        assertThatThrownBy(() -> chart.renderWithValues(
                "access:\n  infoHashLists:\n    allowlist:\n      - 0123456789abcdef0123456789abcdef01234567\n"))
                .hasMessageContaining(SCHEMA_REFUSAL)
                .hasMessageContaining("at '/access/infoHashLists/allowlist'")
                .hasMessageContaining("want string");
    }

    @Test
    void tlsTakesTheSecretsNameOnly() {
        assertThatThrownBy(() -> chart.renderWithValues("tls:\n  enabled: true\n"))
                .hasMessageContaining(SCHEMA_REFUSAL)
                .hasMessageContaining("additional properties 'enabled' not allowed");
    }

    @Test
    void misspeltValueIsRefusedRatherThanIgnored() {
        assertThatThrownBy(() -> chart.renderWithValues("replicas: 3\n"))
                .hasMessageContaining(SCHEMA_REFUSAL)
                .hasMessageContaining("additional properties 'replicas' not allowed");
    }

    @Test
    void publicUrlMustBeAWebSocketUrl() {
        assertThatThrownBy(() -> chart.renderWithValues("publicUrl: https://tracker.example.com/\n"))
                .hasMessageContaining(SCHEMA_REFUSAL)
                .hasMessageContaining("at '/publicUrl'");
        assertThat(chart.renderWithValues("publicUrl: wss://tracker.example.com/\n").all()).isNotEmpty();
    }

    @Test
    void everyKeyOfValuesYamlIsDeclaredInTheSchema() throws IOException {
        JsonNode schema = new ObjectMapper().readTree(chart.dir().resolve("values.schema.json").toFile());
        List<String> lines = Files.readAllLines(chart.dir().resolve("values.yaml"));

        assertThat(ValuesReadme.entries(lines)).extracting(ValuesReadme.Entry::path)
                .allSatisfy(path -> assertThat(declares(schema, path)).as("schema declares %s", path).isTrue());
    }

    @Test
    void newValuesOfTheWrongShapeAreRefused() {
        assertThatThrownBy(() -> chart.renderWithValues("extraVolumes:\n  - configMap:\n      name: x\n"))
                .hasMessageContaining(SCHEMA_REFUSAL).hasMessageContaining("at '/extraVolumes/0'");
        assertThatThrownBy(() -> chart.renderWithValues("extraContainers: {name: sidecar}\n"))
                .hasMessageContaining(SCHEMA_REFUSAL).hasMessageContaining("at '/extraContainers'");
        assertThatThrownBy(() -> chart.renderWithValues("revisionHistoryLimit: -1\n"))
                .hasMessageContaining(SCHEMA_REFUSAL).hasMessageContaining("at '/revisionHistoryLimit'");
        assertThatThrownBy(() -> chart.renderWithValues("networkPolicy:\n  enabled: \"no\"\n"))
                .hasMessageContaining(SCHEMA_REFUSAL).hasMessageContaining("at '/networkPolicy/enabled'");
        assertThatThrownBy(() -> chart.renderWithValues("networkPolicy:\n  redis:\n    port: 0\n"))
                .hasMessageContaining(SCHEMA_REFUSAL).hasMessageContaining("at '/networkPolicy/redis/port'");
        assertThatThrownBy(() -> chart.renderWithValues("httpRoute:\n  parentRefs:\n    - namespace: gw\n"))
                .hasMessageContaining(SCHEMA_REFUSAL).hasMessageContaining("at '/httpRoute/parentRefs/0'");
        assertThatThrownBy(() -> chart.renderWithValues("probes:\n  readiness:\n    periodSeconds: 0\n"))
                .hasMessageContaining(SCHEMA_REFUSAL).hasMessageContaining("at '/probes/readiness/periodSeconds'");
    }

    /** True when the schema names the dotted path, or leaves the object that holds it free-form. */
    private static boolean declares(JsonNode schema, String path) {
        JsonNode node = schema;
        for (String key : path.split("\\.")) {
            node = resolve(schema, node);
            JsonNode properties = node.path("properties");
            if (properties.has(key)) {
                node = properties.get(key);
            } else {
                return properties.isMissingNode() && !node.path("additionalProperties").isBoolean();
            }
        }
        return true;
    }

    private static JsonNode resolve(JsonNode schema, JsonNode node) {
        String ref = node.path("$ref").asText();
        return ref.isEmpty() ? node : schema.at(ref.substring(1));
    }
}
