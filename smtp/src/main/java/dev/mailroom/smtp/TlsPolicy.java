package dev.mailroom.smtp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The TLS policy for one destination: a {@link TlsLevel} with the attributes an
 * {@code smtp_tls_policy_maps} entry may carry.
 *
 * @param level the security level
 * @param match {@code match=}: for {@code fingerprint}, digests ({@code AA:BB:...}); for
 *        {@code verify}/{@code secure}, name patterns ({@code hostname}, {@code nexthop},
 *        {@code dot-nexthop}, {@code .example.com} for subdomains, or a literal name). Empty
 *        means the level's default ({@code hostname} for verify, {@code nexthop, dot-nexthop}
 *        for secure)
 * @param protocols {@code protocols=} ({@code smtp_tls_mandatory_protocols}, default
 *        {@code >=TLSv1}): {@code >=TLSv1.2}, {@code !TLSv1, !TLSv1.1} or {@code TLSv1.2:TLSv1.3}
 * @param ciphers {@code ciphers=}: an OpenSSL grade (high, medium, low, export, null); the
 *        JDK's enabled suites are used for high and medium (decision 0062)
 * @param exclude {@code exclude=}: cipher names or OpenSSL tokens (aNULL, MD5, RC4, 3DES ...)
 *        removed from the enabled suites
 * @param servername {@code servername=} / {@code smtp_tls_servername} (SNI): empty for none,
 *        {@code hostname} for the server's host name, {@code nexthop}, or a literal name
 */
public record TlsPolicy(TlsLevel level, List<String> match, String protocols, String ciphers, String exclude,
        String servername) {

    /** No TLS: Postfix 3.7's default {@code smtp_tls_security_level} (empty). */
    public static final TlsPolicy NONE = of(TlsLevel.NONE);

    /** Checks and copies. */
    public TlsPolicy {
        Objects.requireNonNull(level, "level");
        match = List.copyOf(match);
        Objects.requireNonNull(protocols, "protocols");
        Objects.requireNonNull(ciphers, "ciphers");
        Objects.requireNonNull(exclude, "exclude");
        Objects.requireNonNull(servername, "servername");
        if (!match.isEmpty() && level != TlsLevel.FINGERPRINT && level != TlsLevel.VERIFY
                && level != TlsLevel.SECURE) {
            throw new IllegalArgumentException("match= is allowed only with fingerprint, verify and secure, not "
                    + level);
        }
    }

    /**
     * @param level the level
     * @return the level with Postfix's default attributes
     */
    public static TlsPolicy of(TlsLevel level) {
        return new TlsPolicy(level, List.of(), ">=TLSv1", "medium", "", "");
    }

    /** @return a copy with these {@code match=} values */
    public TlsPolicy withMatch(List<String> values) {
        return new TlsPolicy(level, values, protocols, ciphers, exclude, servername);
    }

    /** @return a copy with this {@code protocols=} value */
    public TlsPolicy withProtocols(String value) {
        return new TlsPolicy(level, match, value, ciphers, exclude, servername);
    }

    /** @return a copy with this {@code servername=} value */
    public TlsPolicy withServername(String value) {
        return new TlsPolicy(level, match, protocols, ciphers, exclude, value);
    }

    /** @return a copy with this {@code exclude=} value */
    public TlsPolicy withExclude(String value) {
        return new TlsPolicy(level, match, protocols, ciphers, value, servername);
    }

    /**
     * Parses an {@code smtp_tls_policy_maps} value: a level word, then {@code name=value}
     * attributes separated by commas or whitespace; {@code { name = value }} for values with
     * spaces. {@code match=} may repeat and its values are separated by {@code |} (fingerprint)
     * or {@code :} (verify, secure), as in Postfix.
     *
     * @param value the table value, e.g. {@code secure match=.example.com protocols=>=TLSv1.2}
     * @return the policy
     * @throws IllegalArgumentException for an unknown level or attribute, or an attribute the
     *         level does not allow (Postfix defers the mail in that case; so should the caller)
     */
    public static TlsPolicy parse(String value) {
        List<String> words = split(value);
        if (words.isEmpty()) {
            throw new IllegalArgumentException("empty TLS policy");
        }
        TlsLevel level = TlsLevel.parse(words.get(0));
        List<String> match = new ArrayList<>();
        String protocols = ">=TLSv1";
        String ciphers = "medium";
        String exclude = "";
        String servername = "";
        for (String w : words.subList(1, words.size())) {
            int eq = w.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("TLS policy attribute without a value: \"" + w + "\"");
            }
            String name = w.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String v = w.substring(eq + 1).strip();
            if (level == TlsLevel.NONE) {
                // Postfix ignores attributes of "none" with a warning
                continue;
            }
            switch (name) {
                case "match" -> {
                    String sep = level == TlsLevel.FINGERPRINT ? "\\|" : ":";
                    for (String m : v.split(sep)) {
                        if (!m.isBlank()) {
                            match.add(m.strip());
                        }
                    }
                }
                case "protocols" -> protocols = v;
                case "ciphers" -> ciphers = v;
                case "exclude" -> exclude = v;
                case "servername" -> servername = v;
                case "connection_reuse", "tafile", "enable_rpk" -> {
                    // accepted for compatibility; no effect in mailroom
                }
                default -> throw new IllegalArgumentException("unknown TLS policy attribute \"" + name + "\"");
            }
        }
        return new TlsPolicy(level, match, protocols, ciphers, exclude, servername);
    }

    private static List<String> split(String value) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = value.length();
        while (i < n) {
            char c = value.charAt(i);
            if (c == ',' || Character.isWhitespace(c)) {
                i++;
            } else if (c == '{') {
                int close = value.indexOf('}', i);
                if (close < 0) {
                    throw new IllegalArgumentException("missing '}' in TLS policy: " + value);
                }
                out.add(value.substring(i + 1, close).strip());
                i = close + 1;
            } else {
                int j = i;
                while (j < n && value.charAt(j) != ',' && !Character.isWhitespace(value.charAt(j))) {
                    j++;
                }
                out.add(value.substring(i, j));
                i = j;
            }
        }
        return out;
    }
}
