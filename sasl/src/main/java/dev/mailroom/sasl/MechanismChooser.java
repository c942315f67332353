package dev.mailroom.sasl;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Chooses the SASL mechanism the way Postfix 3.7 with Cyrus SASL 2.1.28 does:
 * <ol>
 * <li>the server's offer (all its AUTH lines, combined; duplicates removed);</li>
 * <li>intersected with {@code smtp_sasl_mechanism_filter} when that is not empty;</li>
 * <li>intersected with the mechanisms this client can run (by default the password
 *     mechanisms, {@link SaslMechanisms#PASSWORD_MECHANISMS});</li>
 * <li>each removed unless it satisfies every security option for the connection's
 *     {@link TlsState};</li>
 * <li>the strongest left wins ({@link MechanismProperties#STRONGEST_FIRST}), whatever order
 *     the server listed them in.</li>
 * </ol>
 * Instances are immutable and thread-safe.
 */
public final class MechanismChooser {

    private final SaslPolicy policy;
    private final Set<String> clientMechanisms;

    private MechanismChooser(SaslPolicy policy, Set<String> clientMechanisms) {
        this.policy = policy;
        this.clientMechanisms = clientMechanisms;
    }

    /**
     * A chooser for password credentials: the client can run
     * {@link SaslMechanisms#PASSWORD_MECHANISMS}.
     *
     * @param policy filter and security options
     * @return the chooser
     */
    public static MechanismChooser of(SaslPolicy policy) {
        return new MechanismChooser(Objects.requireNonNull(policy, "policy"),
                Set.copyOf(SaslMechanisms.PASSWORD_MECHANISMS));
    }

    /**
     * @param mechanisms the mechanisms this client can run (as Cyrus's loaded plugins for
     *        which credentials exist), any case; each must be known to {@link MechanismProperties}
     * @return a copy of this chooser limited to those
     * @throws IllegalArgumentException for an unknown mechanism
     */
    public MechanismChooser withClientMechanisms(Collection<String> mechanisms) {
        Set<String> set = new LinkedHashSet<>();
        for (String m : mechanisms) {
            String u = m.toUpperCase(Locale.ROOT);
            if (MechanismProperties.of(u).isEmpty()) {
                throw new IllegalArgumentException("unknown SASL mechanism " + m
                        + "; its security properties are needed to choose");
            }
            set.add(u);
        }
        return new MechanismChooser(policy, Set.copyOf(set));
    }

    /** @return the policy */
    public SaslPolicy policy() {
        return policy;
    }

    /**
     * @param offered the mechanism names from the server's EHLO AUTH lines (any case, may repeat)
     * @param tls the connection's state, which selects the security-option set
     * @return the full outcome; {@link MechanismChoice#selected()} is empty when nothing is left
     */
    public MechanismChoice choose(Collection<String> offered, TlsState tls) {
        Objects.requireNonNull(tls, "tls");
        List<String> offer = new ArrayList<>();
        for (String m : offered) {
            String u = m.strip().toUpperCase(Locale.ROOT);
            if (!u.isEmpty() && !offer.contains(u)) {
                offer.add(u);
            }
        }
        Set<SecurityOption> options = policy.optionsFor(tls);
        List<String> allowed = new ArrayList<>();
        Map<String, String> removed = new LinkedHashMap<>();
        List<MechanismProperties> acceptable = new ArrayList<>();
        for (String m : offer) {
            if (!policy.filter().allows(m)) {
                removed.put(m, "not allowed by smtp_sasl_mechanism_filter");
                continue;
            }
            allowed.add(m);
            Optional<MechanismProperties> props = MechanismProperties.of(m);
            if (props.isEmpty() || !clientMechanisms.contains(m)) {
                removed.put(m, "not supported by this client");
                continue;
            }
            Optional<SecurityOption> unmet = props.get().firstUnmet(options);
            if (unmet.isPresent()) {
                removed.put(m, "removed by " + unmet.get().postfixName());
                continue;
            }
            acceptable.add(props.get());
        }
        acceptable.sort(MechanismProperties.STRONGEST_FIRST);
        return new MechanismChoice(offer, allowed, acceptable.stream().map(MechanismProperties::name).toList(),
                removed, tls, options);
    }

    /**
     * Splits an EHLO AUTH keyword's parameters ({@code "PLAIN LOGIN"} or the old
     * {@code AUTH=PLAIN LOGIN} form) into names.
     *
     * @param ehloAuthParameters the text after {@code AUTH} or {@code AUTH=}
     * @return the names
     */
    public static List<String> parseOffer(String ehloAuthParameters) {
        List<String> out = new ArrayList<>();
        for (String w : ehloAuthParameters.split("[\\s,]+")) {
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return out;
    }
}
