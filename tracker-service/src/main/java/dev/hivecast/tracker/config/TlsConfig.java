package dev.hivecast.tracker.config;

import java.time.Duration;

/**
 * The {@code tls} section: wss:// on the public listener from PEM files that are re-read when
 * they change. Off by default: the usual deployment terminates TLS at the Ingress.
 */
public record TlsConfig(
        @Setting(value = "", doc = "PEM file of the certificate chain (leaf first): when set, the"
                + " public port serves wss:// and https:// only; empty = plain ws://.")
        String certPem,
        @Setting(value = "", doc = "PEM file of the certificate's private key (PKCS#8, or PKCS#1 RSA);"
                + " required with tls.cert-pem.")
        String keyPem,
        @Setting(value = "1m", min = "1s", max = "1d", doc = "Time between checks of the PEM files for a"
                + " change; new connections then get the new certificate, open ones are kept.")
        Duration reloadInterval) {


    public static TlsConfig defaults() {
        return ConfigBinder.defaults(TlsConfig.class);
    }

    public boolean enabled() {
        return !certPem.isEmpty();
    }
}
