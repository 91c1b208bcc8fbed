package dev.hivecast.tracker.transport;

import dev.hivecast.tracker.access.RefusalCounters;
import dev.hivecast.tracker.access.UpgradeRefusal;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The rules every HTTP/1.1 connection of the public and admin listeners lives by until it becomes
 * a WebSocket, between Netty's request decoder and Vert.x:
 * <ul>
 * <li>one request in flight: a pipelined request waits, unread by Vert.x, until the response to
 *     the previous one is written to the socket, so a client that never reads costs at most one
 *     response; more than limits.max-pipelined-requests waiting closes the connection;</li>
 * <li>each whole request within limits.request-timeout of the connection's start or of its
 *     previous response, and each response written within it too (idle keep-alive included);</li>
 * <li>no request that {@link RequestChecks} finds unfit reaches Vert.x: it gets its status and
 *     the connection is closed.</li>
 * </ul>
 * Once the connection's 101 is written the handler steps out: the WebSocket rules apply.
 * Every method runs on the channel's event loop.
 */
final class HttpGuard extends ChannelDuplexHandler {

    private final UpgradeRefusal refusedAtAccept;
    private final long timeoutMillis;
    private final int maxPipelined;
    private final RefusalCounters refusals;
    /** Pipelined requests and their contents, in arrival order, waiting for the response in flight. */
    private final ArrayDeque<Object> held = new ArrayDeque<>();
    private int heldRequests;
    private boolean inFlight;
    private boolean closing;
    /** Whether any byte arrived since the last response: a deadline then cuts a slow request, not an idle connection. */
    private boolean bytesSinceResponse;
    private ScheduledFuture<?> deadline;
    private ChannelInboundHandlerAdapter byteWatch;

    /**
     * @param refusedAtAccept why the connection got no place in the limits (its first request is
     *                        answered with that status and the connection closed), or null
     */
    HttpGuard(UpgradeRefusal refusedAtAccept, long timeoutMillis, int maxPipelined, RefusalCounters refusals) {
        this.refusedAtAccept = refusedAtAccept;
        this.timeoutMillis = timeoutMillis;
        this.maxPipelined = maxPipelined;
        this.refusals = refusals;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        arm(ctx, UpgradeRefusal.REQUEST_TIMEOUT);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        disarm();
        while (!held.isEmpty()) {
            ReferenceCountUtil.release(held.poll());
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closing) {
            ReferenceCountUtil.release(msg);
        } else if (!(msg instanceof HttpObject)) {
            ctx.fireChannelRead(msg); // a WebSocket frame read in the same batch as the upgrade
        } else if (msg instanceof HttpRequest && refusedAtAccept != null) {
            ReferenceCountUtil.release(msg);
            refuse(ctx, refusedAtAccept);
        } else if (!held.isEmpty() || msg instanceof HttpRequest && inFlight) {
            hold(ctx, msg); // the in-flight request's own body goes on; a later request waits
        } else {
            pass(ctx, msg);
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpResponse response && response.status().code() == 101) {
            ctx.write(msg, promise);
            if (byteWatch != null && ctx.pipeline().context(byteWatch) != null) {
                ctx.pipeline().remove(byteWatch);
            }
            ctx.pipeline().remove(this);
            return;
        }
        if (msg instanceof LastHttpContent && !closing) {
            ChannelPromise written = promise.unvoid();
            // Later, not from inside the write: the next request must not start within this one.
            written.addListener(f -> {
                if (f.isSuccess()) {
                    ctx.executor().execute(() -> responseWritten(ctx));
                }
            });
            arm(ctx, UpgradeRefusal.RESPONSE_TIMEOUT);
            ctx.write(msg, written);
            return;
        }
        ctx.write(msg, promise);
    }

    /** Sits before the request decoder, which passes nothing on until a request's headers are whole. */
    ChannelInboundHandlerAdapter byteWatch() {
        byteWatch = new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext watchCtx, Object msg) {
                bytesSinceResponse = true;
                watchCtx.fireChannelRead(msg);
            }
        };
        return byteWatch;
    }

    private void hold(ChannelHandlerContext ctx, Object msg) {
        held.add(msg);
        if (msg instanceof HttpRequest && ++heldRequests > maxPipelined) {
            refusals.refused(UpgradeRefusal.PIPELINED_REQUESTS);
            closeNow(ctx);
            return;
        }
        // Read no further until the held requests are answered: TCP pushes back on the client.
        ctx.channel().config().setAutoRead(false);
    }

    /** Hands {@code msg} to Vert.x, unless it is a request that must be refused first. */
    private void pass(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            UpgradeRefusal problem = request.decoderResult().isSuccess() ? RequestChecks.problem(request) : null;
            if (problem != null) {
                ReferenceCountUtil.release(msg);
                refusals.refused(problem);
                refuse(ctx, problem);
                return;
            }
            inFlight = true;
        }
        if (msg instanceof LastHttpContent && inFlight) {
            arm(ctx, UpgradeRefusal.RESPONSE_TIMEOUT); // the request is whole: the server's turn
        }
        ctx.fireChannelRead(msg);
    }

    private void responseWritten(ChannelHandlerContext ctx) {
        if (closing) {
            return;
        }
        inFlight = false;
        bytesSinceResponse = !held.isEmpty();
        arm(ctx, UpgradeRefusal.REQUEST_TIMEOUT);
        // Hand over the next held request and what followed it, up to the request after it.
        boolean passed = false;
        while (!held.isEmpty() && !closing && !(inFlight && held.peek() instanceof HttpRequest)) {
            Object next = held.poll();
            if (next instanceof HttpRequest) {
                heldRequests--;
            }
            pass(ctx, next);
            passed = true;
        }
        if (passed) {
            // Outside Netty's own read loop: Vert.x flushes what it wrote meanwhile at a read's end.
            ctx.fireChannelReadComplete();
        }
        if (held.isEmpty() && !closing) {
            ctx.channel().config().setAutoRead(true);
            ctx.read();
        }
    }

    /** Answers with {@code refusal}'s status and closes once the answer is written. */
    private void refuse(ChannelHandlerContext ctx, UpgradeRefusal refusal) {
        closing = true;
        disarm();
        DefaultFullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(refusal.httpStatus()));
        response.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0).set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        if (refusal == UpgradeRefusal.WEBSOCKET_VERSION) {
            response.headers().set(HttpHeaderNames.SEC_WEBSOCKET_VERSION, "13");
        }
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    private void closeNow(ChannelHandlerContext ctx) {
        closing = true;
        disarm();
        ctx.close();
    }

    /** (Re)starts the connection's one deadline; {@code reason} is what it counts if it passes. */
    private void arm(ChannelHandlerContext ctx, UpgradeRefusal reason) {
        disarm();
        deadline = ctx.executor().schedule(() -> {
            if (!closing && ctx.channel().isActive()) {
                refusals.refused(reason == UpgradeRefusal.REQUEST_TIMEOUT && !bytesSinceResponse
                        ? UpgradeRefusal.HTTP_IDLE : reason);
                closeNow(ctx);
            }
        }, timeoutMillis, TimeUnit.MILLISECONDS);
    }

    private void disarm() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }
}
