package dev.hivecast.cluster;

/** Picks the backend {@code cluster.backend} names. */
public final class ClusterBackends {

    private ClusterBackends() {
    }

    /** A backend that is not started yet; creating one touches no network. */
    public static ClusterBackend create(BackendSettings settings) {
        return create(settings, EventBusSettings.DEFAULT);
    }

    /** As {@link #create(BackendSettings)}; {@code eventBus} is used by the hazelcast backend only (Redis has its own TLS). */
    public static ClusterBackend create(BackendSettings settings, EventBusSettings eventBus) {
        return switch (settings.backend()) {
            case BackendSettings.LOCAL -> new LocalBackend();
            case BackendSettings.HAZELCAST -> new HazelcastBackend(settings, eventBus);
            case BackendSettings.REDIS -> new RedisBackend(settings);
            default -> throw new IllegalArgumentException("unknown cluster backend '" + settings.backend()
                    + "': choose " + BackendSettings.LOCAL + ", " + BackendSettings.HAZELCAST + " or " + BackendSettings.REDIS);
        };
    }
}
