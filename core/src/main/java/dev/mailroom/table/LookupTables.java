package dev.mailroom.table;

import dev.mailroom.table.internal.TableRegistry;
import java.util.Objects;
import java.util.Set;

/**
 * Opens lookup tables from Postfix {@code type:name} specs.
 *
 * <p>Built-in types: {@code hash}, {@code btree}, {@code lmdb}, {@code cdb}, {@code dbm},
 * {@code sdbm}, {@code texthash} (all read from the text source that {@code postmap} would
 * compile; no database file is read), {@code regexp}, {@code pcre}, {@code cidr},
 * {@code inline}, {@code static}, {@code unionmap}, {@code pipemap} and {@code fail}.
 * {@code proxy:} is unwrapped. Other types come from
 * {@link dev.mailroom.table.spi.TableProvider}s found with {@link java.util.ServiceLoader}.
 */
public final class LookupTables {

    private LookupTables() {
    }

    /**
     * Opens a table with {@link TableOptions#DEFAULT}.
     *
     * @param spec e.g. {@code hash:/etc/postfix/virtual}
     * @return the table
     * @throws TableException when Postfix would refuse to open it (missing file, bad inline
     *     syntax, unsupported type); the message is Postfix's
     */
    public static LookupTable open(String spec) throws TableException {
        return open(spec, TableOptions.DEFAULT);
    }

    /**
     * Opens a table. Load warnings go to {@link TableOptions#warnings()}.
     *
     * @param spec e.g. {@code regexp:/etc/postfix/header_checks}
     * @param options the options
     * @return the table
     * @throws TableException when Postfix would refuse to open it
     * @throws NullPointerException when an argument is null
     */
    public static LookupTable open(String spec, TableOptions options) throws TableException {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(options, "options");
        return TableRegistry.instance().open(spec, options);
    }

    /** @return every table type that can be opened, built-in or provided */
    public static Set<String> types() {
        return TableRegistry.instance().types();
    }
}
