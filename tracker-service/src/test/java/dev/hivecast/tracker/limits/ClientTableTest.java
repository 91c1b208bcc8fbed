package dev.hivecast.tracker.limits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivecast.tracker.access.UpgradeRefusal;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Connections per node and per IP, and how long per-IP state is kept. */
class ClientTableTest {

    private static final long SECOND = 1_000_000_000L;

    private static LimitSettings limits(int perNode, int perIp, Rate ipAnnounces) {
        return new LimitSettings(perNode, perIp, TrustedProxies.NONE, Map.of(), Map.of(RateKind.ANNOUNCE, ipAnnounces),
                0, 0, Duration.ofSeconds(10), 0, Duration.ZERO, false, Duration.ZERO);
    }

    @Test
    void theNodeLimitRefusesTheOneOverWith503AndAClosingConnectionFreesItsPlace() {
        LimitSettings s = limits(2, 0, Rate.UNLIMITED);
        ConnectionLimits limits = new ConnectionLimits(s, new ClientTable(s));

        assertThat(limits.admit("192.0.2.1")).isNull();
        assertThat(limits.admit("192.0.2.2")).isNull();
        assertThat(limits.admit("192.0.2.3")).isEqualTo(UpgradeRefusal.MAX_CONNECTIONS);
        assertThat(UpgradeRefusal.MAX_CONNECTIONS.httpStatus()).isEqualTo(503);

        limits.release(limits.stateOf("192.0.2.1"), 0);
        assertThat(limits.admit("192.0.2.3")).isNull();
        assertThat(limits.open()).isEqualTo(2);
    }

    @Test
    void thePerIpLimitRefusesThatIpOnlyWith429() {
        LimitSettings s = limits(0, 2, Rate.UNLIMITED);
        ConnectionLimits limits = new ConnectionLimits(s, new ClientTable(s));

        assertThat(limits.admit("192.0.2.1")).isNull();
        assertThat(limits.admit("192.0.2.1")).isNull();
        assertThat(limits.admit("192.0.2.1")).isEqualTo(UpgradeRefusal.MAX_CONNECTIONS_PER_IP);
        assertThat(UpgradeRefusal.MAX_CONNECTIONS_PER_IP.httpStatus()).isEqualTo(429);
        assertThat(limits.admit("192.0.2.2")).isNull();
        assertThat(limits.open()).isEqualTo(3);
    }

    @Test
    void anIpIsForgottenOnlyOnceItHasNoConnectionAndItsBucketsRefilled() {
        LimitSettings s = limits(0, 0, new Rate(1, 5));
        ClientTable table = new ClientTable(s);
        ClientState a = table.admit("192.0.2.1");
        for (int i = 0; i < 5; i++) {
            assertThat(a.tryTake(RateKind.ANNOUNCE, 0)).isTrue();
        }
        assertThat(a.tryTake(RateKind.ANNOUNCE, 0)).isFalse();

        table.release(a, 0);
        assertThat(table.sweep(SECOND)).isZero(); // 4 s of refill still owed
        // reconnecting within that time finds the same, still empty, bucket
        ClientState again = table.admit("192.0.2.1");
        assertThat(again).isSameAs(a);
        assertThat(again.tryTake(RateKind.ANNOUNCE, 0)).isFalse();
        table.release(again, 0);

        assertThat(table.sweep(5 * SECOND)).isEqualTo(1);
        assertThat(table.size()).isZero();
    }

    @Test
    void withNothingCountedPerIpNoStateIsKeptAtAll() {
        LimitSettings s = limits(10, 0, Rate.UNLIMITED);
        ClientTable table = new ClientTable(s);

        for (int i = 0; i < 100; i++) {
            assertThat(table.admit("192.0.2." + i)).isSameAs(ClientState.UNTRACKED);
        }
        assertThat(table.size()).isZero();
    }

    @Test
    void aConnectionsOwnBucketIsEmptiedBeforeItsIpIsCharged() {
        LimitSettings s = new LimitSettings(0, 0, TrustedProxies.NONE, Map.of(RateKind.ANSWER, new Rate(1, 2)),
                Map.of(RateKind.ANSWER, new Rate(1, 3)), 0, 0, Duration.ofSeconds(10), 0, Duration.ZERO, false,
                Duration.ZERO);
        ClientTable table = new ClientTable(s);
        MessageRates first = new MessageRates(s, table.admit("192.0.2.1"));
        MessageRates second = new MessageRates(s, table.admit("192.0.2.1"));

        assertThat(first.take(RateKind.ANSWER, 0)).isNull();
        assertThat(first.take(RateKind.ANSWER, 0)).isNull();
        assertThat(first.take(RateKind.ANSWER, 0)).isEqualTo(RateScope.CONNECTION);
        assertThat(second.take(RateKind.ANSWER, 0)).isNull(); // the IP's third token
        assertThat(second.take(RateKind.ANSWER, 0)).isEqualTo(RateScope.IP);
        assertThat(first.take(RateKind.ANNOUNCE, 0)).isNull(); // other kinds have their own buckets
    }
}
