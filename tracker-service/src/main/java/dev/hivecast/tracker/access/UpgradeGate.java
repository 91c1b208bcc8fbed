package dev.hivecast.tracker.access;

import java.util.List;

/**
 * One check made before a WebSocket upgrade is accepted, on the event loop that received it, so
 * it must be cheap and never block. Refusing here costs the tracker one HTTP response and no
 * connection state. The connection limits (per node, per client IP) run after the gates, as
 * {@code limits.ConnectionLimits}: they take a place that a close must give back, so a refusal
 * by a gate must come first.
 */
@FunctionalInterface
public interface UpgradeGate {

    /** Lets every upgrade through. */
    UpgradeGate OPEN = request -> null;

    /** Null to let the upgrade through, or why it is refused. */
    UpgradeRefusal check(UpgradeRequest request);

    /** The gates in order; the first refusal wins. */
    static UpgradeGate allOf(List<UpgradeGate> gates) {
        List<UpgradeGate> copy = List.copyOf(gates);
        if (copy.isEmpty()) {
            return OPEN;
        }
        return request -> {
            for (UpgradeGate gate : copy) {
                UpgradeRefusal refusal = gate.check(request);
                if (refusal != null) {
                    return refusal;
                }
            }
            return null;
        };
    }
}
