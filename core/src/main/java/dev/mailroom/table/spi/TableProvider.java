package dev.mailroom.table.spi;

import dev.mailroom.table.LookupTable;
import dev.mailroom.table.TableException;
import dev.mailroom.table.TableSpec;
import java.util.Set;

/**
 * Adds table types to {@link dev.mailroom.table.LookupTables}. Implementations are found with
 * {@link java.util.ServiceLoader} (declare {@code provides dev.mailroom.table.spi.TableProvider
 * with ...} in {@code module-info.java}, and a
 * {@code META-INF/services/dev.mailroom.table.spi.TableProvider} file for the class path). A
 * provider must have a public no-argument constructor and be thread-safe. Built-in types cannot
 * be replaced.
 */
public interface TableProvider {

    /** @return the types this provider opens, e.g. {@code pgsql} */
    Set<String> types();

    /**
     * Opens a table.
     *
     * @param spec the parsed spec, type being one of {@link #types()}
     * @param context options, warnings, and a way to open nested tables
     * @return the table
     * @throws TableException when the table cannot be opened (word it as Postfix does)
     */
    LookupTable open(TableSpec spec, TableContext context) throws TableException;
}
