package dev.mailroom.sasl;

/**
 * The protection of the connection SASL runs over. It decides which of Postfix's three
 * security-option sets applies (see {@link SaslPolicy#optionsFor(TlsState)}).
 */
public enum TlsState {
    /** Plaintext connection: {@code smtp_sasl_security_options} applies. */
    NONE("smtp_sasl_security_options"),
    /** TLS without a verified server certificate: {@code smtp_sasl_tls_security_options}. */
    TLS("smtp_sasl_tls_security_options"),
    /** TLS with a verified server certificate: {@code smtp_sasl_tls_verified_security_options}. */
    TLS_VERIFIED("smtp_sasl_tls_verified_security_options");

    private final String parameter;

    TlsState(String parameter) {
        this.parameter = parameter;
    }

    /** @return the Postfix parameter whose options apply in this state */
    public String parameter() {
        return parameter;
    }
}
