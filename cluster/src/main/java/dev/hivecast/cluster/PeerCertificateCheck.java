package dev.hivecast.cluster;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the certificate of the other node on every event-bus handshake, in both directions,
 * against the cluster CA in force; the CA can be swapped when its file changes. A refused peer
 * (no certificate, another CA, expired) is counted and logged with the reason; the log is held
 * to one line a second, since a foreign node retries on every relay it sends.
 */
final class PeerCertificateCheck extends X509ExtendedTrustManager {

    private static final Logger LOG = LoggerFactory.getLogger(PeerCertificateCheck.class);
    private static final long LOG_EVERY_NANOS = 1_000_000_000L;

    private volatile X509ExtendedTrustManager delegate;
    private final LongAdder refused = new LongAdder();
    private final AtomicLong lastLog = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);

    PeerCertificateCheck(X509ExtendedTrustManager first) {
        this.delegate = first;
    }

    void swap(X509ExtendedTrustManager next) {
        this.delegate = next;
    }

    /** Handshakes refused because of the other node's certificate, either direction. */
    long refused() {
        return refused.sum();
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        try {
            delegate.checkClientTrusted(chain, authType, engine);
        } catch (CertificateException e) {
            throw refuse("that connected to this one", chain, e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        try {
            delegate.checkServerTrusted(chain, authType, engine);
        } catch (CertificateException e) {
            throw refuse("this one connected to", chain, e);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        try {
            delegate.checkClientTrusted(chain, authType, socket);
        } catch (CertificateException e) {
            throw refuse("that connected to this one", chain, e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        try {
            delegate.checkServerTrusted(chain, authType, socket);
        } catch (CertificateException e) {
            throw refuse("this one connected to", chain, e);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        try {
            delegate.checkClientTrusted(chain, authType);
        } catch (CertificateException e) {
            throw refuse("that connected to this one", chain, e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        try {
            delegate.checkServerTrusted(chain, authType);
        } catch (CertificateException e) {
            throw refuse("this one connected to", chain, e);
        }
    }

    /**
     * Names no CA in the certificate request, so that a node with a foreign certificate still
     * sends it: its refusal is then counted and logged here with the reason, not lost as an empty
     * chain the JDK refuses before any trust manager sees it.
     */
    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }

    /** @param role which end of the connection the refused node was */
    private CertificateException refuse(String role, X509Certificate[] chain, CertificateException e) {
        refused.increment();
        long now = System.nanoTime();
        long last = lastLog.get();
        if (now - last >= LOG_EVERY_NANOS && lastLog.compareAndSet(last, now)) {
            String subject = chain == null || chain.length == 0 ? "(no certificate)"
                    : chain[0].getSubjectX500Principal().getName();
            LOG.atWarn().addKeyValue("peer_certificate", subject).addKeyValue("refused_total", refused.sum())
                    .log("Cluster TLS refused the certificate {} of a node {}: {} (no relay passes that "
                            + "connection; {} refused so far)", subject, role, e.getMessage(), refused.sum());
        }
        return e;
    }
}
