package dev.mailroom.resolve.internal;

import dev.mailroom.table.LookupTable;
import dev.mailroom.table.TableException;
import java.util.List;

/**
 * The tables of one {@code *_maps} parameter, in order. A table that could not be opened is
 * kept as its opening error and fails every lookup, as Postfix's surrogate tables do.
 */
final class Maps {

    /** One table, or the reason it could not be opened. */
    record Entry(String spec, LookupTable table, TableException openError, SourceLines lines) {

        Entry(String spec, LookupTable table, TableException openError) {
            this(spec, table, openError, new SourceLines(spec, table, false));
        }
        boolean isPattern() {
            return table != null && table.isPattern();
        }

        String get(String key) throws TableException {
            if (openError != null) {
                throw new TableException(openError.getMessage(), openError.file().orElse(null), openError.line(),
                        openError);
            }
            return table.get(key);
        }
    }

    /** A hit: which table, which key, what value. */
    record Hit(String spec, String key, String value, Entry entry) {
        /** @return the table spec with the source line of the key, where it can be found */
        String where() {
            return entry.lines().where(spec, key, value);
        }
    }

    final String parameter;
    private final Entry[] entries;
    /** Per entry: a pattern table (asked once here, not at every lookup). */
    private final boolean[] pattern;

    Maps(String parameter, List<Entry> entries) {
        this.parameter = parameter;
        this.entries = entries.toArray(new Entry[0]);
        pattern = new boolean[this.entries.length];
        for (int i = 0; i < pattern.length; i++) {
            pattern[i] = this.entries[i].isPattern();
        }
    }

    boolean isEmpty() {
        return entries.length == 0;
    }

    /**
     * Looks one key up in every table, first hit wins.
     *
     * @param key the key
     * @param fixedOnly skip pattern tables
     * @return the hit or null
     * @throws TableException when a table fails before a hit
     */
    Hit find(String key, boolean fixedOnly) throws TableException {
        for (int i = 0; i < entries.length; i++) {
            if (fixedOnly && pattern[i]) {
                continue;
            }
            Entry e = entries[i];
            String v = e.get(key);
            if (v != null) {
                return new Hit(e.spec(), key, v, e);
            }
        }
        return null;
    }
}
