package dev.mailroom.sasl;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * The Postfix settings that decide which SASL mechanism the client may use: the mechanism
 * filter and the three security-option sets, one per {@link TlsState}.
 *
 * <p>{@link #POSTFIX_DEFAULTS} holds Postfix 3.7's defaults: no filter,
 * {@code smtp_sasl_security_options = noplaintext, noanonymous}, and the TLS sets inheriting
 * it ({@code $smtp_sasl_security_options}, {@code $smtp_sasl_tls_security_options}). So by
 * default PLAIN and LOGIN are refused even over TLS, as in Postfix.
 *
 * @param filter {@code smtp_sasl_mechanism_filter}
 * @param securityOptions {@code smtp_sasl_security_options} (plaintext connections)
 * @param tlsSecurityOptions {@code smtp_sasl_tls_security_options} (TLS, unverified)
 * @param tlsVerifiedSecurityOptions {@code smtp_sasl_tls_verified_security_options}
 */
public record SaslPolicy(MechanismFilter filter, Set<SecurityOption> securityOptions,
        Set<SecurityOption> tlsSecurityOptions, Set<SecurityOption> tlsVerifiedSecurityOptions) {

    /** Postfix 3.7's defaults ({@code postconf -d}). */
    public static final SaslPolicy POSTFIX_DEFAULTS = new SaslPolicy(MechanismFilter.NONE,
            EnumSet.of(SecurityOption.NOPLAINTEXT, SecurityOption.NOANONYMOUS),
            EnumSet.of(SecurityOption.NOPLAINTEXT, SecurityOption.NOANONYMOUS),
            EnumSet.of(SecurityOption.NOPLAINTEXT, SecurityOption.NOANONYMOUS));

    /** Copies the sets. */
    public SaslPolicy {
        Objects.requireNonNull(filter, "filter");
        securityOptions = copy(securityOptions);
        tlsSecurityOptions = copy(tlsSecurityOptions);
        tlsVerifiedSecurityOptions = copy(tlsVerifiedSecurityOptions);
    }

    private static Set<SecurityOption> copy(Set<SecurityOption> s) {
        return Collections.unmodifiableSet(s.isEmpty() ? EnumSet.noneOf(SecurityOption.class) : EnumSet.copyOf(s));
    }

    /**
     * Builds a policy from parameter values the way Postfix resolves its defaults: a
     * {@code null} TLS value inherits the previous set ({@code smtp_sasl_tls_security_options}
     * defaults to {@code $smtp_sasl_security_options}, the verified one to
     * {@code $smtp_sasl_tls_security_options}); a null {@code securityOptions} is Postfix's
     * default {@code noplaintext, noanonymous}.
     *
     * @param filter the mechanism filter
     * @param securityOptions value of {@code smtp_sasl_security_options}, or null
     * @param tlsSecurityOptions value of {@code smtp_sasl_tls_security_options}, or null
     * @param tlsVerifiedSecurityOptions value of {@code smtp_sasl_tls_verified_security_options}, or null
     * @return the policy
     * @throws IllegalArgumentException naming an unknown option
     */
    public static SaslPolicy fromParameters(MechanismFilter filter, String securityOptions, String tlsSecurityOptions,
            String tlsVerifiedSecurityOptions) {
        Set<SecurityOption> plain = securityOptions == null
                ? POSTFIX_DEFAULTS.securityOptions : SecurityOption.parseList(securityOptions);
        Set<SecurityOption> tls = tlsSecurityOptions == null ? plain : SecurityOption.parseList(tlsSecurityOptions);
        Set<SecurityOption> verified = tlsVerifiedSecurityOptions == null
                ? tls : SecurityOption.parseList(tlsVerifiedSecurityOptions);
        return new SaslPolicy(filter, plain, tls, verified);
    }

    /**
     * @param tls the connection's state
     * @return the options that apply to it
     */
    public Set<SecurityOption> optionsFor(TlsState tls) {
        switch (tls) {
            case TLS:
                return tlsSecurityOptions;
            case TLS_VERIFIED:
                return tlsVerifiedSecurityOptions;
            default:
                return securityOptions;
        }
    }

    /**
     * @param newFilter the filter
     * @return a copy with that filter
     */
    public SaslPolicy withFilter(MechanismFilter newFilter) {
        return new SaslPolicy(newFilter, securityOptions, tlsSecurityOptions, tlsVerifiedSecurityOptions);
    }
}
