package dev.hivecast.helm;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;

/**
 * A Gateway API HTTPRoute as parsed from the chart's output. No fabric8 model of Gateway API is on
 * this machine (and the generic resource needs a newer Jackson), so the spec stays a tree, whose
 * fields HttpRouteTest checks against those gateway.networking.k8s.io/v1 defines; any other
 * top-level field fails the parse.
 */
final class HttpRoute implements HasMetadata {

    private String apiVersion;
    private String kind;
    private ObjectMeta metadata;
    private JsonNode spec;

    @Override
    public String getApiVersion() {
        return apiVersion;
    }

    @Override
    public void setApiVersion(String apiVersion) {
        this.apiVersion = apiVersion;
    }

    @Override
    public String getKind() {
        return kind;
    }

    public void setKind(String kind) {
        this.kind = kind;
    }

    @Override
    public ObjectMeta getMetadata() {
        return metadata;
    }

    @Override
    public void setMetadata(ObjectMeta metadata) {
        this.metadata = metadata;
    }

    public JsonNode getSpec() {
        return spec;
    }

    public void setSpec(JsonNode spec) {
        this.spec = spec;
    }
}
