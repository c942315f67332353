package dev.mailroom.smtp;

import java.util.Locale;
import java.util.Optional;

/**
 * Postfix's TLS security levels for the SMTP/LMTP client ({@code smtp_tls_security_level} and
 * the level word of an {@code smtp_tls_policy_maps} entry), weakest first.
 *
 * <p>{@link #DANE} and {@link #DANE_ONLY} are accepted but mailroom does not do DNSSEC TLSA
 * lookups (decision 0061): {@code dane} behaves as {@code may}, as Postfix does when DNSSEC
 * lookups are disabled, and {@code dane-only} defers every recipient.
 */
public enum TlsLevel {
    /** Never use TLS. */
    NONE("none"),
    /** Use TLS when offered; fall back to plaintext after a handshake failure; no certificate check. */
    MAY("may"),
    /** TLS is required; the certificate is not checked. */
    ENCRYPT("encrypt"),
    /** TLS is required and the certificate or public-key digest must equal a {@code match=} value. */
    FINGERPRINT("fingerprint"),
    /** Opportunistic DANE: without DNSSEC TLSA support, the same as {@link #MAY}. */
    DANE("dane"),
    /** Mandatory DANE: without DNSSEC TLSA support, every recipient is deferred. */
    DANE_ONLY("dane-only"),
    /** PKIX chain plus a name match; default match {@code hostname} (the MX name is trusted). */
    VERIFY("verify"),
    /** PKIX chain plus a name match; default match {@code nexthop, dot-nexthop}. */
    SECURE("secure");

    private final String keyword;

    TlsLevel(String keyword) {
        this.keyword = keyword;
    }

    /** @return the Postfix keyword, e.g. {@code dane-only} */
    public String keyword() {
        return keyword;
    }

    /** @return whether this level never sends mail in clear text */
    public boolean requiresTls() {
        return this == ENCRYPT || this == FINGERPRINT || this == DANE_ONLY || this == VERIFY || this == SECURE;
    }

    /** @return whether the server certificate must be checked (fingerprint or PKIX and name) */
    public boolean mustMatch() {
        return this == FINGERPRINT || this == DANE_ONLY || this == VERIFY || this == SECURE;
    }

    /**
     * @param keyword a Postfix level word, any case; the empty string is {@link #NONE} as in Postfix 3.7
     * @return the level, or empty for an unknown word
     */
    public static Optional<TlsLevel> tryParse(String keyword) {
        String k = keyword.strip().toLowerCase(Locale.ROOT);
        if (k.isEmpty()) {
            return Optional.of(NONE);
        }
        for (TlsLevel l : values()) {
            if (l.keyword.equals(k)) {
                return Optional.of(l);
            }
        }
        return Optional.empty();
    }

    /**
     * @param keyword a Postfix level word
     * @return the level
     * @throws IllegalArgumentException for an unknown word
     */
    public static TlsLevel parse(String keyword) {
        return tryParse(keyword).orElseThrow(() -> new IllegalArgumentException(
                "invalid TLS security level \"" + keyword + "\"; expected none, may, encrypt, fingerprint, dane, "
                        + "dane-only, verify or secure"));
    }

    @Override
    public String toString() {
        return keyword;
    }
}
