package dev.mailroom.table;

import java.util.Optional;

/**
 * A Postfix lookup table, opened from a {@code type:name} spec with {@link LookupTables#open}.
 *
 * <p>A lookup gives the single-step answer Postfix's {@code dict_get} gives: one value, "not
 * found", or an error. There is no address decomposition here (parent domains, extensions,
 * {@code @domain} keys): that belongs to the resolver, which calls this interface once per key
 * form it tries.
 *
 * <p>Implementations are thread-safe. Tables read from a file notice when the file changes
 * (modification time or size) and reload it on a later lookup; see
 * {@link TableOptions.Builder#reloadCheckInterval}.
 */
public interface LookupTable {

    /**
     * The spec this table was opened from, e.g. {@code hash:/etc/postfix/virtual}; for a
     * {@code proxy:} spec, the unwrapped inner spec.
     *
     * @return the spec, never null
     */
    String spec();

    /**
     * Whether this is a pattern table (regexp, pcre, cidr, ...) rather than a table of fixed
     * keys. Postfix's address searches give pattern tables only the full address, and never fold
     * their keys.
     *
     * @return true for pattern tables
     */
    boolean isPattern();

    /**
     * Looks a key up. Fixed-key tables fold the key to lowercase first unless the table was
     * opened with {@link TableOptions.Builder#foldCase foldCase(false)}. An empty string is a
     * possible answer (Postfix treats it as a configuration error at a higher level; see
     * {@code docs/maps.md}).
     *
     * @param key the key, as the caller has it
     * @return the value, or null when the key is not found
     * @throws TableException when the lookup fails (a {@code fail:} table, a source file that
     *     became unreadable, a failing remote table)
     * @throws NullPointerException when {@code key} is null
     */
    String get(String key) throws TableException;

    /**
     * Looks a key up, as {@link #get} but wrapping the answer.
     *
     * @param key the key
     * @return the value, or empty when not found
     * @throws TableException when the lookup fails
     */
    default Optional<String> find(String key) throws TableException {
        return Optional.ofNullable(get(key));
    }
}
