package dev.hivecast.tracker.transport;

/** Why the server closed a connection, counted once per connection when it decides to. */
enum CloseReason {
    /** No frame, not even a pong, for connection.idle-timeout. */
    IDLE {
        @Override
        void count(LoopCounters c) {
            c.idleCloses++;
        }
    },
    /** Its send queue stayed full for connection.slow-consumer-timeout. */
    SLOW_CONSUMER {
        @Override
        void count(LoopCounters c) {
            c.slowConsumerCloses++;
        }
    },
    MESSAGE_TOO_BIG {
        @Override
        void count(LoopCounters c) {
            c.oversizeCloses++;
        }
    },
    /** connection.max-invalid-messages invalid messages in a row. */
    INVALID_MESSAGES {
        @Override
        void count(LoopCounters c) {
            c.garbageCloses++;
        }
    },
    /** connection.max-invalid-messages refusals in a row, the last one a message over a rate limit. */
    RATE_LIMITED {
        @Override
        void count(LoopCounters c) {
            c.rateLimitedCloses++;
        }
    },
    /** A message in fragments not complete within limits.message-timeout. */
    SLOW_MESSAGE {
        @Override
        void count(LoopCounters c) {
            c.slowMessageCloses++;
        }
    },
    /** Frames that break RFC 6455 (a continuation without a message, a bad frame). */
    PROTOCOL_ERROR {
        @Override
        void count(LoopCounters c) {
            c.protocolCloses++;
        }
    },
    /** Closed with 1001 by a drain (SIGTERM). */
    DRAIN {
        @Override
        void count(LoopCounters c) {
            c.drainCloses++;
        }
    };

    abstract void count(LoopCounters counters);
}
