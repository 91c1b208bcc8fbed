package dev.hivecast.tracker.transport;

import io.netty.handler.codec.http.HttpMessage;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;

/**
 * Vert.x's request decoder, but one that leaves a request's Content-Length in place when it also
 * has {@code Transfer-Encoding: chunked}. Netty drops the Content-Length and reads the body as
 * chunked (RFC 7230's lenient reading), which hides the very pair that RFC 9112 §6.1 asks a
 * server to treat as an error; {@link HttpGuard} refuses the request once it sees both.
 */
final class StrictRequestDecoder extends VertxHttpRequestDecoder {

    StrictRequestDecoder(HttpServerOptions options) {
        super(options);
    }

    @Override
    protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
        // Both headers stay: the request is refused with 400 and its connection closed before
        // anything reads its body.
    }
}
