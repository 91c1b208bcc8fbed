package dev.hivecast.tracker.access;

import java.util.List;

/**
 * One check made before a WebSocket upgrade is accepted, on the event loop that received it, so
 * it must be cheap and never block. Refusing here costs the tracker one HTTP response and no
 * connection state. This is the hook where later checks plug in (connections per client IP,
 * per node): a check that counts connections will also need to hear of each close, which the
 * signaling loop's close path can call.
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
