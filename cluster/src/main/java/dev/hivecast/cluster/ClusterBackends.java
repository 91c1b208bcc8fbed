package dev.hivecast.cluster;

/** Picks the backend {@code cluster.backend} names. */
public final class ClusterBackends {

    private ClusterBackends() {
    }

    /** A backend that is not started yet; creating one touches no network. */
    public static ClusterBackend create(ClusterSettings settings) {
        return switch (settings.backend()) {
            case ClusterSettings.LOCAL -> new LocalBackend();
            case ClusterSettings.HAZELCAST -> new HazelcastBackend(settings);
            case ClusterSettings.REDIS -> new RedisBackend(settings);
            default -> throw new IllegalArgumentException("unknown cluster backend '" + settings.backend()
                    + "': choose " + ClusterSettings.LOCAL + ", " + ClusterSettings.HAZELCAST + " or " + ClusterSettings.REDIS);
        };
    }
}
