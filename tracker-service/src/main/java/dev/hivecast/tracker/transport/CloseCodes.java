package dev.hivecast.tracker.transport;

/** WebSocket close codes the tracker sends (RFC 6455 section 7.4.1). */
final class CloseCodes {
    /** Drain on shutdown: clients reconnect, to another node behind the load balancer. */
    static final short GOING_AWAY = 1001;
    /** A frame that breaks RFC 6455, or a close code no endpoint may send. */
    static final short PROTOCOL_ERROR = 1002;
    /** Repeated garbage, or a client that never reads what it is sent. */
    static final short POLICY_VIOLATION = 1008;
    static final short MESSAGE_TOO_BIG = 1009;
    /** Idle past the timeout (no pong either). */
    static final short NORMAL = 1000;

    private CloseCodes() {
    }
}
