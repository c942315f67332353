package dev.mailroom.sasl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Postfix's {@code smtp_sasl_mechanism_filter}: which of the server's mechanisms the client
 * may use. An empty filter allows everything.
 *
 * <p>Patterns are tried in order and the first that matches decides (Postfix's match list):
 * a mechanism name matches case-insensitively; {@code type:table} matches when the table has
 * the mechanism name as a key (the value is ignored), asked through a {@link TableLookup} so
 * that any table implementation can plug in; {@code /file/name} stands for the patterns in
 * that file; {@code !pattern} excludes what the pattern matches. When no pattern matches, the
 * mechanism is <em>not</em> allowed: {@code !login} alone allows nothing, write
 * {@code !login, static:all} to allow everything else.
 */
public final class MechanismFilter {

    /**
     * Answers whether a lookup table has a key, for {@code type:table} filter patterns.
     * Implementations apply the table's own key folding, as Postfix does.
     */
    @FunctionalInterface
    public interface TableLookup {
        /**
         * @param table the table as written in the filter, e.g. {@code hash:/etc/postfix/mechs}
         * @param key the mechanism name as the server wrote it (normally upper case)
         * @return true when the table has an entry for the key
         * @throws UncheckedIOException when the table cannot be read
         */
        boolean hasKey(String table, String key);
    }

    /** The empty filter: every offered mechanism passes (Postfix's default). */
    public static final MechanismFilter NONE = new MechanismFilter(List.of(), null);

    private final List<String> patterns;
    private final TableLookup tables;

    private MechanismFilter(List<String> patterns, TableLookup tables) {
        this.patterns = patterns;
        this.tables = tables;
    }

    /**
     * A filter from an already-split pattern list.
     *
     * @param patterns names, {@code !name}, {@code type:table}, {@code /file} in order
     * @param tables answers {@code type:table} patterns; may be null when there are none
     * @return the filter
     * @throws IllegalArgumentException when a pattern is empty, or a table pattern is present
     *         without a lookup
     * @throws UncheckedIOException when a {@code /file} pattern cannot be read
     */
    public static MechanismFilter of(List<String> patterns, TableLookup tables) {
        List<String> out = new ArrayList<>();
        expand(patterns, out, tables, 0);
        return new MechanismFilter(Collections.unmodifiableList(out), tables);
    }

    /**
     * Parses a parameter value such as {@code "plain, login"}: patterns separated by commas
     * and/or whitespace.
     *
     * @param value the value after {@code $name} expansion
     * @param tables answers {@code type:table} patterns; may be null when there are none
     * @return the filter ({@link #NONE} for a blank value)
     * @throws IllegalArgumentException as {@link #of}
     */
    public static MechanismFilter parse(String value, TableLookup tables) {
        List<String> words = split(value);
        return words.isEmpty() ? NONE : of(words, tables);
    }

    private static List<String> split(String value) {
        List<String> words = new ArrayList<>();
        for (String w : value.split("[\\s,]+")) {
            if (!w.isEmpty()) {
                words.add(w);
            }
        }
        return words;
    }

    private static void expand(List<String> patterns, List<String> out, TableLookup tables, int depth) {
        for (String raw : patterns) {
            String p = Objects.requireNonNull(raw, "pattern").strip();
            boolean negated = false;
            String body = p;
            while (body.startsWith("!")) {
                negated = !negated;
                body = body.substring(1).strip();
            }
            if (body.isEmpty()) {
                throw new IllegalArgumentException("empty pattern in smtp_sasl_mechanism_filter");
            }
            if (body.startsWith("/")) {
                if (depth > 10) {
                    throw new IllegalArgumentException("smtp_sasl_mechanism_filter: /file patterns nested too deep at " + body);
                }
                List<String> inner = new ArrayList<>();
                try {
                    for (String line : Files.readAllLines(Path.of(body), StandardCharsets.UTF_8)) {
                        String l = line.strip();
                        if (!l.startsWith("#")) {
                            inner.addAll(split(l));
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("smtp_sasl_mechanism_filter: cannot read " + body, e);
                }
                List<String> expanded = new ArrayList<>();
                expand(inner, expanded, tables, depth + 1);
                for (String e : expanded) {
                    out.add(negated ? "!" + e : e);
                }
                continue;
            }
            if (isTable(body) && tables == null) {
                throw new IllegalArgumentException("smtp_sasl_mechanism_filter pattern " + body
                        + " is a lookup table, but no TableLookup was given");
            }
            out.add(negated ? "!" + body : body);
        }
    }

    private static boolean isTable(String pattern) {
        int colon = pattern.indexOf(':');
        return colon > 0 && !pattern.startsWith("/");
    }

    /** @return true when the filter is empty and allows every mechanism */
    public boolean isEmpty() {
        return patterns.isEmpty();
    }

    /** @return the patterns in order, with {@code /file} patterns expanded */
    public List<String> patterns() {
        return patterns;
    }

    /**
     * @param mechanism a mechanism name as offered by the server
     * @return true when the filter is empty or its first matching pattern is not negated
     * @throws UncheckedIOException when a table lookup fails
     */
    public boolean allows(String mechanism) {
        if (patterns.isEmpty()) {
            return true;
        }
        for (String p : patterns) {
            boolean negated = p.startsWith("!");
            String body = negated ? p.substring(1) : p;
            boolean match = isTable(body)
                    ? tables.hasKey(body, mechanism)
                    : body.toUpperCase(Locale.ROOT).equals(mechanism.toUpperCase(Locale.ROOT));
            if (match) {
                return !negated;
            }
        }
        return false;
    }

    /** Equal when the patterns are equal and the same table lookup answers them. */
    @Override
    public boolean equals(Object o) {
        return o instanceof MechanismFilter f && f.patterns.equals(patterns) && f.tables == tables;
    }

    @Override
    public int hashCode() {
        return patterns.hashCode();
    }

    /** @return the patterns as Postfix would print them, e.g. {@code plain, login} */
    @Override
    public String toString() {
        return String.join(", ", patterns);
    }
}
