package dev.hivecast.tracker.config;

import java.time.Duration;
import java.util.Objects;

/**
 * TLS on the public listener ({@code wss://}), from PEM files that are re-read when they change.
 * Off by default: the usual deployment terminates TLS at the Ingress.
 *
 * @param certPem        PEM file of the certificate chain, leaf first; empty = plain ws://
 * @param keyPem         PEM file of the certificate's private key (PKCS#8 or PKCS#1)
 * @param reloadInterval how often the two files are checked for a change
 */
public record TlsConfig(String certPem, String keyPem, Duration reloadInterval) {

    public static final Duration DEFAULT_RELOAD_INTERVAL = Duration.ofSeconds(60);

    public TlsConfig {
        Objects.requireNonNull(certPem, "certPem");
        Objects.requireNonNull(keyPem, "keyPem");
        Objects.requireNonNull(reloadInterval, "reloadInterval");
    }

    public static TlsConfig defaults() {
        return new TlsConfig("", "", DEFAULT_RELOAD_INTERVAL);
    }

    public boolean enabled() {
        return !certPem.isEmpty();
    }
}
