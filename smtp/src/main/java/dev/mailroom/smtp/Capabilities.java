package dev.mailroom.smtp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The service extensions a server announced in its EHLO (or LMTP LHLO) reply (RFC 5321
 * section 4.1.1.1). Immutable.
 *
 * <p>The first reply line is the server's greeting ({@link #serverName()} is its first word);
 * each further line is a keyword and its parameters, separated by spaces. Keywords are
 * compared without case and kept upper-cased; every keyword is kept, known or not
 * ({@link #keywords()}). {@code AUTH mech ...} and the legacy {@code AUTH=mech ...} form (sent
 * by servers for old Outlook clients) are both read, and their mechanisms combined, as
 * Postfix combines several AUTH lines.
 */
public final class Capabilities {

    private final String serverName;
    private final Map<String, List<String>> keywords;
    private final Set<String> authMechanisms;

    private Capabilities(String serverName, Map<String, List<String>> keywords, Set<String> auth) {
        this.serverName = serverName;
        this.keywords = keywords;
        this.authMechanisms = auth;
    }

    /**
     * Reads the capabilities from a positive EHLO or LHLO reply.
     *
     * @param ehloReply the reply
     * @return the capabilities
     * @throws IllegalArgumentException when the reply is not a 250 reply
     * @throws NullPointerException when {@code ehloReply} is null
     */
    public static Capabilities parse(Reply ehloReply) {
        if (ehloReply.code() != 250) {
            throw new IllegalArgumentException("capabilities come from a 250 reply, not " + ehloReply.code());
        }
        return parse(ehloReply.lines());
    }

    /**
     * Reads the capabilities from the line texts of an EHLO or LHLO reply (the first is the
     * greeting line). Empty lines are skipped.
     *
     * @param lines the texts, without codes
     * @return the capabilities
     * @throws IllegalArgumentException when {@code lines} is empty
     * @throws NullPointerException when {@code lines} or an element is null
     */
    public static Capabilities parse(List<String> lines) {
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("an EHLO reply has at least one line");
        }
        String first = lines.get(0).strip();
        int sp = first.indexOf(' ');
        String name = sp < 0 ? first : first.substring(0, sp);
        Map<String, List<String>> kw = new LinkedHashMap<>();
        Set<String> auth = new LinkedHashSet<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] words = line.strip().split(" +");
            if (words.length == 0 || words[0].isEmpty()) {
                continue;
            }
            String keyword = words[0].toUpperCase(Locale.ROOT);
            List<String> params = new ArrayList<>(List.of(words).subList(1, words.length));
            if (keyword.startsWith("AUTH=")) {
                // legacy form: AUTH=LOGIN PLAIN
                String firstMech = keyword.substring(5);
                if (!firstMech.isEmpty()) {
                    auth.add(firstMech);
                }
                params.forEach(p -> auth.add(p.toUpperCase(Locale.ROOT)));
                continue;
            }
            if (keyword.equals("AUTH")) {
                params.forEach(p -> auth.add(p.toUpperCase(Locale.ROOT)));
            }
            kw.merge(keyword, List.copyOf(params), (a, b) -> {
                List<String> all = new ArrayList<>(a);
                all.addAll(b);
                return List.copyOf(all);
            });
        }
        if (!auth.isEmpty()) {
            kw.put("AUTH", List.copyOf(auth));
        }
        return new Capabilities(name, Collections.unmodifiableMap(kw), Collections.unmodifiableSet(auth));
    }

    /** @return the first word of the greeting line (usually the server's host name); may be empty */
    public String serverName() {
        return serverName;
    }

    /**
     * Every keyword announced, upper-cased, in the order first seen, with its parameters
     * (several lines with one keyword are combined; {@code AUTH} holds the combined
     * mechanisms of both AUTH forms).
     *
     * @return the keywords and their parameters
     */
    public Map<String, List<String>> keywords() {
        return keywords;
    }

    /**
     * @param keyword a keyword, any case
     * @return true when the server announced it ({@code AUTH} also for the {@code AUTH=} form)
     */
    public boolean has(String keyword) {
        return keywords.containsKey(keyword.toUpperCase(Locale.ROOT));
    }

    /**
     * @param keyword a keyword, any case
     * @return its parameters, or an empty list when it has none or was not announced
     */
    public List<String> parameters(String keyword) {
        return keywords.getOrDefault(keyword.toUpperCase(Locale.ROOT), List.of());
    }

    /** @return true when {@code PIPELINING} (RFC 2920) was announced */
    public boolean pipelining() {
        return has("PIPELINING");
    }

    /** @return true when {@code SIZE} (RFC 1870) was announced, with or without a limit */
    public boolean size() {
        return has("SIZE");
    }

    /**
     * The message size limit announced with {@code SIZE n} (RFC 1870).
     *
     * @return the limit in octets; empty when SIZE was not announced, announced without a
     *     number, with 0 (no fixed limit) or with something that is not a number
     */
    public OptionalLong sizeLimit() {
        List<String> p = parameters("SIZE");
        if (p.isEmpty()) {
            return OptionalLong.empty();
        }
        String n = p.get(0);
        if (n.isEmpty() || n.length() > 18 || !n.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return OptionalLong.empty();
        }
        long v = Long.parseLong(n);
        return v == 0 ? OptionalLong.empty() : OptionalLong.of(v);
    }

    /** @return true when {@code 8BITMIME} (RFC 6152) was announced */
    public boolean eightBitMime() {
        return has("8BITMIME");
    }

    /** @return true when {@code SMTPUTF8} (RFC 6531) was announced */
    public boolean smtpUtf8() {
        return has("SMTPUTF8");
    }

    /** @return true when {@code DSN} (RFC 3461) was announced */
    public boolean dsn() {
        return has("DSN");
    }

    /** @return true when {@code CHUNKING} (RFC 3030, BDAT) was announced */
    public boolean chunking() {
        return has("CHUNKING");
    }

    /** @return true when {@code ENHANCEDSTATUSCODES} (RFC 2034) was announced */
    public boolean enhancedStatusCodes() {
        return has("ENHANCEDSTATUSCODES");
    }

    /** @return true when {@code STARTTLS} (RFC 3207) was announced */
    public boolean startTls() {
        return has("STARTTLS");
    }

    /**
     * The SASL mechanisms of every {@code AUTH} and {@code AUTH=} line, upper-cased, in the
     * order first seen, without duplicates.
     *
     * @return the mechanisms; empty when AUTH was not announced
     */
    public Set<String> authMechanisms() {
        return authMechanisms;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Capabilities c && c.serverName.equals(serverName) && c.keywords.equals(keywords);
    }

    @Override
    public int hashCode() {
        return Objects.hash(serverName, keywords);
    }

    /** @return the server name and keywords, for logs */
    @Override
    public String toString() {
        return "Capabilities[" + serverName + " " + keywords + "]";
    }
}
