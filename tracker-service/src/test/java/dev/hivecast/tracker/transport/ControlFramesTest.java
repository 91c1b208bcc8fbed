package dev.hivecast.tracker.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pong and close-code rules of {@link ControlFrames}, on a channel with no socket. */
class ControlFramesTest {

    private final List<String> events = new ArrayList<>();
    private final LoopCounters counters = new LoopCounters();
    private final EmbeddedChannel channel = new EmbeddedChannel();

    ControlFramesTest() {
        channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(50, 100));
        channel.pipeline().addLast(new ControlFrames(new ControlFrames.Events() {
            @Override
            public void pinged() {
                events.add("pinged");
            }

            @Override
            public void budgetExhausted() {
                events.add("exhausted");
            }

            @Override
            public void protocolError(int code, String reason, CloseReason why) {
                events.add("protocol error " + code);
            }
        }, counters, 0));
    }

    @Test
    void aPingIsAnsweredAtOnceWhileTheBudgetHasRoom() {
        channel.writeInbound(ping("a"));

        assertThat(payloadOf(channel.readOutbound())).isEqualTo("a");
        assertThat(events).containsExactly("pinged");
    }

    @Test
    void withTheBudgetFullOnlyThePongForTheNewestPingWaitsAndReadingStopsUntilTheClientReads() {
        channel.write(Unpooled.wrappedBuffer(new byte[200])); // queued, not sent: the budget is full
        assertThat(channel.isWritable()).isFalse();

        channel.writeInbound(ping("a"));
        channel.writeInbound(ping("b"));
        channel.writeInbound(ping("c"));

        assertThat(counters.pongsCoalesced()).isEqualTo(2);
        assertThat(events).contains("exhausted");
        assertThat(channel.config().isAutoRead()).as("reading the pinger").isFalse();

        channel.flush(); // the client read what was queued
        ((ByteBuf) channel.readOutbound()).release();
        assertThat(payloadOf(channel.readOutbound())).isEqualTo("c");
        assertThat((Object) channel.readOutbound()).isNull();
        assertThat(channel.config().isAutoRead()).isTrue();
    }

    @Test
    void aCloseCodeNoEndpointMaySendIsAProtocolErrorAndTheFrameStillGoesOn() {
        channel.writeInbound(new CloseWebSocketFrame(5000, "bye"));

        assertThat(events).containsExactly("protocol error 1002");
        CloseWebSocketFrame passed = channel.readInbound();
        assertThat(passed.statusCode()).isEqualTo(5000);
        passed.release();
    }

    @Test
    void aValidCloseCodeGoesOnUntouched() {
        channel.writeInbound(new CloseWebSocketFrame(1000, "bye"));

        assertThat(events).isEmpty();
        ((CloseWebSocketFrame) channel.readInbound()).release();
    }

    @Test
    void noPongFollowsAClose() {
        channel.writeInbound(new CloseWebSocketFrame(1000, "bye"));
        ((CloseWebSocketFrame) channel.readInbound()).release();

        channel.writeInbound(ping("late"));

        assertThat((Object) channel.readOutbound()).isNull();
    }

    @Test
    void validCloseCodesAreThoseOfRfc6455AndTheIanaRegistry() {
        for (int code : new int[] {1000, 1003, 1007, 1011, 1014, 3000, 4999}) {
            assertThat(ControlFrames.isValidCloseCode(code)).as("%d", code).isTrue();
        }
        for (int code : new int[] {0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000, 65535}) {
            assertThat(ControlFrames.isValidCloseCode(code)).as("%d", code).isFalse();
        }
    }

    private static PingWebSocketFrame ping(String payload) {
        return new PingWebSocketFrame(Unpooled.copiedBuffer(payload, StandardCharsets.UTF_8));
    }

    private static String payloadOf(Object frame) {
        PongWebSocketFrame pong = (PongWebSocketFrame) frame;
        try {
            return pong.content().toString(StandardCharsets.UTF_8);
        } finally {
            pong.release();
        }
    }
}
