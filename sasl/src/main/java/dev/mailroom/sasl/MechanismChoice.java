package dev.mailroom.sasl;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The outcome of {@link MechanismChooser#choose}: what the server offered, what survived each
 * step, and why the rest was removed.
 *
 * @param offered the server's mechanisms, upper case, without duplicates, in its order
 * @param allowedByFilter those the mechanism filter allowed, in the server's order
 * @param candidates the acceptable ones, strongest first; the first is the choice
 * @param removed each removed mechanism with the reason, e.g. {@code "not supported by this client"}
 *        or {@code "removed by noplaintext"}, in the server's order
 * @param tlsState the connection state the options were taken for
 * @param options the security options that applied
 */
public record MechanismChoice(List<String> offered, List<String> allowedByFilter, List<String> candidates,
        Map<String, String> removed, TlsState tlsState, Set<SecurityOption> options) {

    /** Copies the collections. */
    public MechanismChoice {
        offered = List.copyOf(offered);
        allowedByFilter = List.copyOf(allowedByFilter);
        candidates = List.copyOf(candidates);
        removed = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(removed));
        options = Set.copyOf(options);
    }

    /** @return the chosen mechanism (the strongest candidate), or empty when none is left */
    public Optional<String> selected() {
        return candidates.isEmpty() ? Optional.empty() : Optional.of(candidates.get(0));
    }

    /**
     * @return the chosen mechanism
     * @throws SaslException ({@link SaslException.Reason#NO_MECHANISM}) with {@link #explain()}
     *         as the message when nothing is left
     */
    public String orElseThrow() throws SaslException {
        if (candidates.isEmpty()) {
            throw new SaslException(SaslException.Reason.NO_MECHANISM, null, explain());
        }
        return candidates.get(0);
    }

    /**
     * @return one line saying what the server offered, what the filter allowed, and what
     *         removed the rest, e.g. {@code server offered LOGIN, PLAIN, XOAUTH2;
     *         smtp_sasl_mechanism_filter allowed LOGIN, PLAIN; LOGIN removed by noplaintext
     *         (smtp_sasl_security_options = noplaintext, noanonymous), ...; no mechanism left}
     */
    public String explain() {
        StringBuilder sb = new StringBuilder("server offered ")
                .append(offered.isEmpty() ? "nothing" : String.join(", ", offered));
        if (!allowedByFilter.equals(offered)) {
            sb.append("; smtp_sasl_mechanism_filter allowed ")
                    .append(allowedByFilter.isEmpty() ? "none of them" : String.join(", ", allowedByFilter));
        }
        for (Map.Entry<String, String> e : removed.entrySet()) {
            if (allowedByFilter.contains(e.getKey())) {
                sb.append("; ").append(e.getKey()).append(' ').append(e.getValue());
                if (e.getValue().startsWith("removed by")) {
                    sb.append(" (").append(tlsState.parameter()).append(" = ")
                            .append(SecurityOption.format(options)).append(')');
                }
            }
        }
        sb.append(candidates.isEmpty() ? "; no mechanism left" : "; chose " + candidates.get(0));
        return sb.toString();
    }
}
