package dev.hivecast.tracker.swarm;

import dev.hivecast.protocol.OutMessage;

/**
 * The transport's end of a {@link Connection}: where the messages an {@link Outbox} sends to it
 * are written. The transport's connection handler implements it; tests record what they get.
 */
public interface MessageWriter {

    /** Writes one message to the client; false when it was dropped (closed, or send queue full). */
    boolean write(OutMessage message);
}
