/**
 * {@code wss://} served by the tracker itself: the certificate and key read from PEM files, and
 * re-read when the files change, so a renewed certificate (cert-manager, certbot) is served to new
 * connections without a restart and without touching the open ones.
 */
package dev.hivecast.tracker.tls;
