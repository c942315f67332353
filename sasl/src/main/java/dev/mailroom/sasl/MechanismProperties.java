package dev.mailroom.sasl;

import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a mechanism protects against, classified as Cyrus SASL 2.1.28 (the library Postfix
 * 3.7 on Debian 12 uses) classifies its plugins, plus the order of strength Cyrus derives
 * from it.
 *
 * <p>{@code guarantees} holds the {@link SecurityOption}s the mechanism satisfies: a
 * mechanism without {@code NOPLAINTEXT} is a <em>plaintext</em> mechanism, without
 * {@code NOACTIVE} it is open to active attacks, without {@code NODICTIONARY} to dictionary
 * attacks, without {@code NOANONYMOUS} it is anonymous; with {@code MUTUAL_AUTH} the server
 * authenticates too.
 *
 * @param name the IANA mechanism name, upper case
 * @param guarantees the security options this mechanism satisfies
 * @param maxSsf the largest security layer (in bits) the mechanism can negotiate; 0 for none
 * @param channelBinding whether the Cyrus plugin can do channel binding (a tie-breaker only)
 * @param hashBits the hash strength Cyrus records for SCRAM variants (a tie-breaker only), else 0
 */
public record MechanismProperties(String name, Set<SecurityOption> guarantees, int maxSsf,
        boolean channelBinding, int hashBits) {

    private static final Map<String, MechanismProperties> KNOWN = new LinkedHashMap<>();

    static {
        // Order of this table breaks ties that Cyrus leaves to plugin load order.
        add("SCRAM-SHA-512", 0, true, 512, SecurityOption.NOPLAINTEXT, SecurityOption.NOANONYMOUS,
                SecurityOption.NOACTIVE, SecurityOption.MUTUAL_AUTH);
        add("SCRAM-SHA-384", 0, true, 384, SecurityOption.NOPLAINTEXT, SecurityOption.NOANONYMOUS,
                SecurityOption.NOACTIVE, SecurityOption.MUTUAL_AUTH);
        add("SCRAM-SHA-256", 0, true, 256, SecurityOption.NOPLAINTEXT, SecurityOption.NOANONYMOUS,
                SecurityOption.NOACTIVE, SecurityOption.MUTUAL_AUTH);
        add("SCRAM-SHA-224", 0, true, 224, SecurityOption.NOPLAINTEXT, SecurityOption.NOANONYMOUS,
                SecurityOption.NOACTIVE, SecurityOption.MUTUAL_AUTH);
        add("SCRAM-SHA-1", 0, true, 160, SecurityOption.NOPLAINTEXT, SecurityOption.NOANONYMOUS,
                SecurityOption.NOACTIVE, SecurityOption.MUTUAL_AUTH);
        add("GSSAPI", 56, false, 0, SecurityOption.NOPLAINTEXT, SecurityOption.NOACTIVE,
                SecurityOption.NOANONYMOUS, SecurityOption.MUTUAL_AUTH);
        add("DIGEST-MD5", 128, false, 0, SecurityOption.NOPLAINTEXT, SecurityOption.NOANONYMOUS,
                SecurityOption.MUTUAL_AUTH);
        add("EXTERNAL", 0, false, 0, SecurityOption.NOPLAINTEXT, SecurityOption.NOANONYMOUS,
                SecurityOption.NODICTIONARY);
        add("CRAM-MD5", 0, false, 0, SecurityOption.NOPLAINTEXT, SecurityOption.NOANONYMOUS);
        add("NTLM", 0, false, 0, SecurityOption.NOPLAINTEXT, SecurityOption.NOANONYMOUS);
        add("PLAIN", 0, false, 0, SecurityOption.NOANONYMOUS);
        add("LOGIN", 0, false, 0, SecurityOption.NOANONYMOUS);
        add("XOAUTH2", 0, false, 0, SecurityOption.NOANONYMOUS);
        add("OAUTHBEARER", 0, false, 0, SecurityOption.NOANONYMOUS);
        add("ANONYMOUS", 0, false, 0, SecurityOption.NOPLAINTEXT);
    }

    private static void add(String name, int maxSsf, boolean cb, int hashBits, SecurityOption... g) {
        EnumSet<SecurityOption> set = EnumSet.noneOf(SecurityOption.class);
        Collections.addAll(set, g);
        KNOWN.put(name, new MechanismProperties(name, set, maxSsf, cb, hashBits));
    }

    /**
     * @throws IllegalArgumentException when the name is blank or maxSsf/hashBits negative
     */
    public MechanismProperties {
        if (name.isBlank() || maxSsf < 0 || hashBits < 0) {
            throw new IllegalArgumentException("bad mechanism properties for \"" + name + "\"");
        }
        name = name.toUpperCase(Locale.ROOT);
        guarantees = Collections.unmodifiableSet(guarantees.isEmpty()
                ? EnumSet.noneOf(SecurityOption.class) : EnumSet.copyOf(guarantees));
    }

    /**
     * The properties of a mechanism mailroom knows (every mechanism of {@link SaslMechanisms}
     * and the JDK's GSSAPI, DIGEST-MD5 and NTLM).
     *
     * @param name a mechanism name, any case
     * @return its properties, or empty for an unknown mechanism
     */
    public static Optional<MechanismProperties> of(String name) {
        return Optional.ofNullable(KNOWN.get(name.toUpperCase(Locale.ROOT)));
    }

    /** @return every known mechanism, strongest first */
    public static List<MechanismProperties> known() {
        return KNOWN.values().stream().sorted(STRONGEST_FIRST).toList();
    }

    /** @return true when the password (or token) travels in the clear or reversibly */
    public boolean plaintext() {
        return !guarantees.contains(SecurityOption.NOPLAINTEXT);
    }

    /** @return true when the mechanism is open to active attacks */
    public boolean active() {
        return !guarantees.contains(SecurityOption.NOACTIVE);
    }

    /** @return true when the mechanism is open to passive dictionary attacks */
    public boolean dictionary() {
        return !guarantees.contains(SecurityOption.NODICTIONARY);
    }

    /** @return true when the mechanism allows anonymous login */
    public boolean anonymous() {
        return !guarantees.contains(SecurityOption.NOANONYMOUS);
    }

    /** @return true when the server proves its identity to the client */
    public boolean mutualAuth() {
        return guarantees.contains(SecurityOption.MUTUAL_AUTH);
    }

    /**
     * The first of the required options this mechanism does not satisfy, in Postfix's order
     * (noplaintext, noactive, nodictionary, noanonymous, mutual_auth).
     *
     * @param required the options in force
     * @return the option that removes this mechanism, or empty when it is acceptable
     */
    public Optional<SecurityOption> firstUnmet(Set<SecurityOption> required) {
        for (SecurityOption o : SecurityOption.values()) {
            if (required.contains(o) && !guarantees.contains(o)) {
                return Optional.of(o);
            }
        }
        return Optional.empty();
    }

    /**
     * Cyrus SASL's strength order: a mechanism ranks higher when it satisfies, in this order
     * of importance, noanonymous, noplaintext, mutual_auth, noactive, nodictionary (which one
     * has it and the other lacks decides), then channel binding, then a larger maxSsf, then a
     * stronger hash; remaining ties keep mailroom's table order.
     */
    public static final Comparator<MechanismProperties> STRONGEST_FIRST = (a, b) -> {
        SecurityOption[] order = {SecurityOption.NOANONYMOUS, SecurityOption.NOPLAINTEXT,
            SecurityOption.MUTUAL_AUTH, SecurityOption.NOACTIVE, SecurityOption.NODICTIONARY};
        for (SecurityOption o : order) {
            boolean ha = a.guarantees.contains(o);
            boolean hb = b.guarantees.contains(o);
            if (ha != hb) {
                return ha ? -1 : 1;
            }
        }
        if (a.channelBinding != b.channelBinding) {
            return a.channelBinding ? -1 : 1;
        }
        if (a.maxSsf != b.maxSsf) {
            return a.maxSsf > b.maxSsf ? -1 : 1;
        }
        if (a.hashBits != b.hashBits) {
            return a.hashBits > b.hashBits ? -1 : 1;
        }
        return Integer.compare(tableIndex(a.name), tableIndex(b.name));
    };

    private static int tableIndex(String name) {
        int i = 0;
        for (String k : KNOWN.keySet()) {
            if (k.equals(name)) {
                return i;
            }
            i++;
        }
        return Integer.MAX_VALUE;
    }
}
