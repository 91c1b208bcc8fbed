package dev.hivecast.tracker.access;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;

/**
 * A list served over http(s), fetched on every poll with the JDK's asynchronous client (its
 * future completes off the event loop; the result is brought back onto the caller's context).
 * The body is compared with the last one, so an unchanged list costs no re-parse; a non-2xx
 * answer is a failed read, never an empty list.
 */
final class UrlListSource implements ListSource {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Vertx vertx;
    private final URI url;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NORMAL).build();
    private byte[] lastBody;

    UrlListSource(Vertx vertx, String url) {
        this.vertx = vertx;
        this.url = URI.create(url);
    }

    @Override
    public Future<String> readIfChanged() {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(TIMEOUT).GET().build();
        return Future.fromCompletionStage(http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()),
                vertx.getOrCreateContext()).map(response -> {
                    if (response.statusCode() / 100 != 2) {
                        throw new IllegalStateException(url + " answered HTTP " + response.statusCode());
                    }
                    byte[] body = response.body();
                    if (Arrays.equals(body, lastBody)) {
                        return null;
                    }
                    lastBody = body;
                    return new String(body, java.nio.charset.StandardCharsets.UTF_8);
                });
    }

    @Override
    public String describe() {
        return url.toString();
    }
}
