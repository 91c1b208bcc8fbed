package dev.hivecast.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.ServerSSLOptions;
import java.lang.reflect.Field;

/**
 * Reaches the TLS server and client the clustered event bus keeps private (Vert.x 5.0 offers no
 * {@code updateSSLOptions} on the event bus) and updates their options through the public
 * {@link NetServer#updateSSLOptions} and {@link NetClient#updateSSLOptions}. If a Vert.x upgrade
 * renames those fields the start fails here, loudly, rather than running without reloads.
 */
final class EventBusSsl {

    private EventBusSsl() {
    }

    static Future<Void> update(Vertx vertx, ServerSSLOptions server, ClientSSLOptions client) {
        Object bus = vertx.eventBus();
        NetServer netServer;
        NetClient netClient;
        try {
            netServer = (NetServer) field(bus, "server");
            netClient = (NetClient) field(bus, "client");
        } catch (ReflectiveOperationException | RuntimeException e) {
            return Future.failedFuture(new IllegalStateException("cluster TLS: cannot reach the TLS server and "
                    + "client of the event bus " + bus.getClass().getName() + " (Vert.x changed?): " + e, e));
        }
        return netServer.updateSSLOptions(server, true)
                .compose(s -> netClient.updateSSLOptions(client, true))
                .mapEmpty();
    }

    private static Object field(Object bus, String name) throws ReflectiveOperationException {
        Field f = bus.getClass().getDeclaredField(name);
        f.setAccessible(true);
        Object value = f.get(bus);
        if (value == null) {
            throw new IllegalStateException("the event bus has no " + name + " yet");
        }
        return value;
    }
}
