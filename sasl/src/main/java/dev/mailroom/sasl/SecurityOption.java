package dev.mailroom.sasl;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The SASL security options of Postfix's {@code smtp_sasl_security_options} family. Each
 * option, when set, removes every mechanism that lacks the matching property (as Cyrus SASL
 * classifies mechanisms: see {@link MechanismProperties}).
 */
public enum SecurityOption {
    /** Removes mechanisms that send the password in the clear or reversibly (PLAIN, LOGIN, XOAUTH2...). */
    NOPLAINTEXT("noplaintext"),
    /** Removes mechanisms open to active (non-dictionary) attacks. */
    NOACTIVE("noactive"),
    /** Removes mechanisms open to passive dictionary attacks. */
    NODICTIONARY("nodictionary"),
    /** Removes mechanisms that allow anonymous login (ANONYMOUS). */
    NOANONYMOUS("noanonymous"),
    /** Keeps only mechanisms in which the server proves its identity too. */
    MUTUAL_AUTH("mutual_auth");

    private final String postfixName;

    SecurityOption(String postfixName) {
        this.postfixName = postfixName;
    }

    /** @return the option as written in {@code main.cf}, e.g. {@code noplaintext} */
    public String postfixName() {
        return postfixName;
    }

    /**
     * Parses a Postfix option list such as {@code "noplaintext, noanonymous"}: names separated
     * by commas and/or whitespace, case-insensitive. An empty or blank value gives the empty set.
     *
     * @param value the parameter value, after {@code $name} expansion
     * @return the options, unmodifiable
     * @throws IllegalArgumentException naming the first unknown option
     */
    public static Set<SecurityOption> parseList(String value) {
        EnumSet<SecurityOption> set = EnumSet.noneOf(SecurityOption.class);
        for (String word : value.split("[\\s,]+")) {
            if (word.isEmpty()) {
                continue;
            }
            set.add(byName(word));
        }
        return Collections.unmodifiableSet(set);
    }

    private static SecurityOption byName(String word) {
        String lower = word.toLowerCase(Locale.ROOT);
        for (SecurityOption o : values()) {
            if (o.postfixName.equals(lower)) {
                return o;
            }
        }
        throw new IllegalArgumentException("unknown SASL security option \"" + word
                + "\"; expected noplaintext, noactive, nodictionary, noanonymous or mutual_auth");
    }

    /**
     * Formats a set the way {@code postconf} prints it, e.g. {@code noplaintext, noanonymous}.
     *
     * @param options the options
     * @return the names in declaration order, comma-separated; empty for the empty set
     */
    public static String format(Set<SecurityOption> options) {
        StringBuilder sb = new StringBuilder();
        for (SecurityOption o : values()) {
            if (options.contains(o)) {
                if (sb.length() > 0) {
                    sb.append(", ");
                }
                sb.append(o.postfixName);
            }
        }
        return sb.toString();
    }
}
