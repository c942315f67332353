package dev.mailroom.table.spi;

import dev.mailroom.table.LookupTable;
import dev.mailroom.table.TableException;
import dev.mailroom.table.TableOptions;
import dev.mailroom.table.TableWarning;

/** What a {@link TableProvider} gets when it opens a table. */
public interface TableContext {

    /** @return the options the table is opened with */
    TableOptions options();

    /**
     * Reports a load warning to the caller's listener.
     *
     * @param warning the warning
     */
    void warn(TableWarning warning);

    /**
     * Opens another table with the same options (for tables that wrap tables).
     *
     * @param spec the nested spec
     * @return the table
     * @throws TableException when it cannot be opened
     */
    LookupTable open(String spec) throws TableException;
}
