package dev.hivecast.tracker.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.impl.ConnectionBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts {@link StrictRequestDecoder} and an {@link HttpGuard} into a new HTTP/1.1 connection's
 * Netty pipeline. Vert.x calls a server's connection handler right after it has built that
 * pipeline and before it reads a request, which is the one moment this can be done. It reaches
 * into Vert.x internals (the pipeline's handler names, the connection class), so it fails
 * closed: a connection it cannot guard is closed, with a warning, and the HTTP ITs fail.
 */
final class HttpPipelines {

    private static final Logger log = LoggerFactory.getLogger(HttpPipelines.class);
    private static final String DECODER = "httpDecoder";
    private static final String VERTX_HANDLER = "handler";

    private HttpPipelines() {
    }

    /** The connection's channel, or null when Vert.x's connection class is not the expected one. */
    static Channel channelOf(HttpConnection connection) {
        return connection instanceof ConnectionBase base ? base.channel() : null;
    }

    /** @return false when the connection could not be guarded and was closed */
    static boolean guard(HttpConnection connection, HttpServerOptions options, HttpGuard guard) {
        Channel channel = channelOf(connection);
        ChannelPipeline pipeline = channel == null ? null : channel.pipeline();
        if (pipeline == null || pipeline.get(DECODER) == null || pipeline.get(VERTX_HANDLER) == null) {
            log.warn("Vert.x's HTTP pipeline is not what this build expects; closing an unguarded connection");
            connection.close();
            return false;
        }
        pipeline.replace(DECODER, DECODER, new StrictRequestDecoder(options));
        pipeline.addBefore(DECODER, "hivecastHttpBytes", guard.byteWatch());
        pipeline.addBefore(VERTX_HANDLER, "hivecastHttpGuard", guard);
        return true;
    }
}
