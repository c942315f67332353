package dev.mailroom.smtp;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * The TLS state of a session after the handshake and the policy checks.
 *
 * @param protocol e.g. {@code TLSv1.3}
 * @param cipherSuite e.g. {@code TLS_AES_256_GCM_SHA384}
 * @param peerCertificates the server's chain, leaf first
 * @param trusted whether the chain leads to a configured trust anchor (PKIX)
 * @param trustProblem why the chain is not trusted, or empty
 * @param nameMatched whether a certificate name matched the policy's {@code match} patterns
 * @param certificateNames the DNS names of the leaf (or its CN when it has none)
 * @param fingerprint the leaf's digest ({@code smtp_tls_fingerprint_digest})
 * @param verified whether the peer counts as verified: PKIX and name for verify/secure (and for
 *        other levels when both hold), or a fingerprint match at {@code fingerprint}
 */
public record TlsInfo(String protocol, String cipherSuite, List<X509Certificate> peerCertificates, boolean trusted,
        String trustProblem, boolean nameMatched, List<String> certificateNames, String fingerprint,
        boolean verified) {

    /** Copies. */
    public TlsInfo {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(cipherSuite, "cipherSuite");
        peerCertificates = List.copyOf(peerCertificates);
        Objects.requireNonNull(trustProblem, "trustProblem");
        certificateNames = List.copyOf(certificateNames);
        Objects.requireNonNull(fingerprint, "fingerprint");
    }
}
