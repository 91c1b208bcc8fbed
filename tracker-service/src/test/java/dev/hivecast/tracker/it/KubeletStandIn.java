package dev.hivecast.tracker.it;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * What a Kubernetes cluster's kubelet (cAdvisor) and kube-state-metrics would export about the
 * tracker's container, on 127.0.0.1, so the dashboard test can evaluate the memory panels and
 * alert, whose joins with the tracker's own series only a real Prometheus can check. The values
 * are fixed: a 512 MiB limit, as the chart's default, and a working set well under it.
 */
final class KubeletStandIn implements AutoCloseable {

    static final long LIMIT_BYTES = 512L * 1024 * 1024;

    private final HttpServer server;

    private KubeletStandIn(HttpServer server) {
        this.server = server;
    }

    static KubeletStandIn start(String namespace, String pod, String container) throws IOException {
        byte[] body = exposition(namespace, pod, container).getBytes(StandardCharsets.UTF_8);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        server.createContext("/metrics", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return new KubeletStandIn(server);
    }

    /** The series under the names and labels cAdvisor and kube-state-metrics give them. */
    static String exposition(String namespace, String pod, String container) {
        String labels = "namespace=\"" + namespace + "\",pod=\"" + pod + "\",container=\"" + container + "\"";
        return "# TYPE kube_pod_container_resource_limits gauge\n"
                + "kube_pod_container_resource_limits{" + labels + ",node=\"node-1\",resource=\"memory\",unit=\"byte\"} "
                + LIMIT_BYTES + "\n"
                + "kube_pod_container_resource_limits{" + labels + ",node=\"node-1\",resource=\"cpu\",unit=\"core\"} 1\n"
                + "# TYPE container_spec_memory_limit_bytes gauge\n"
                + "container_spec_memory_limit_bytes{" + labels + ",image=\"hivecast\"} " + LIMIT_BYTES + "\n"
                + "# TYPE container_memory_working_set_bytes gauge\n"
                + "container_memory_working_set_bytes{" + labels + ",image=\"hivecast\"} " + LIMIT_BYTES * 2 / 5 + "\n"
                + "# TYPE container_memory_rss gauge\n"
                + "container_memory_rss{" + labels + ",image=\"hivecast\"} " + LIMIT_BYTES / 3 + "\n";
    }

    String target() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
