package dev.hivecast.cluster;

/** A cluster TLS file that cannot be used: which file, and why. */
public final class ClusterTlsException extends Exception {

    private static final long serialVersionUID = 1L;

    ClusterTlsException(String file, String reason) {
        super("cluster TLS file " + file + ": " + reason);
    }
}
