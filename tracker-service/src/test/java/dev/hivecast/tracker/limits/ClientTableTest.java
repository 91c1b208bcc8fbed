package dev.hivecast.tracker.limits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivecast.tracker.access.UpgradeRefusal;
import dev.hivecast.tracker.config.Configs;
import dev.hivecast.tracker.config.LimitsConfig;
import org.junit.jupiter.api.Test;

/** Connections per node and per IP, and how long per-IP state is kept. */
class ClientTableTest {

    private static final long SECOND = 1_000_000_000L;

    private static LimitsConfig limits(int perNode, int perIp, Rate ipAnnounces) {
        return Configs.parse("--limits.max-connections=" + perNode, "--limits.max-connections-per-ip=" + perIp,
                "--limits.ip-announce-rate=" + ipAnnounces.perSecond(),
                "--limits.ip-announce-burst=" + Math.max(1, ipAnnounces.burst())).limits();
    }

    @Test
    void theNodeLimitRefusesTheOneOverWith503AndAClosingConnectionFreesItsPlace() {
        LimitsConfig s = limits(2, 0, Rate.UNLIMITED);
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
        LimitsConfig s = limits(0, 2, Rate.UNLIMITED);
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
        LimitsConfig s = limits(0, 0, new Rate(1, 5));
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
        LimitsConfig s = limits(10, 0, Rate.UNLIMITED);
        ClientTable table = new ClientTable(s);

        for (int i = 0; i < 100; i++) {
            assertThat(table.admit("192.0.2." + i)).isSameAs(ClientState.UNTRACKED);
        }
        assertThat(table.size()).isZero();
    }

    @Test
    void aConnectionsOwnBucketIsEmptiedBeforeItsIpIsCharged() {
        LimitsConfig s = Configs.parse("--limits.answer-rate=1", "--limits.answer-burst=2",
                "--limits.ip-answer-rate=1", "--limits.ip-answer-burst=3").limits();
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
