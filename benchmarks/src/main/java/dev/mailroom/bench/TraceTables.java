package dev.mailroom.bench;

import dev.mailroom.table.LookupTable;
import dev.mailroom.table.TableException;
import dev.mailroom.table.TableSpec;
import dev.mailroom.table.spi.TableContext;
import dev.mailroom.table.spi.TableProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A {@code trace:TYPE:NAME} table type for the resolve benchmark: it answers as the inner
 * table and, while {@link #recording} is set, records every key looked up, so that the
 * benchmark can replay exactly the lookups a resolution performs.
 */
public final class TraceTables implements TableProvider {

    /** One recorded lookup. */
    public record Lookup(String spec, String key) {
    }

    /** Where lookups are recorded, or null when not recording. */
    static volatile List<Lookup> recording;

    /** Creates the provider (ServiceLoader). */
    public TraceTables() {
    }

    @Override
    public Set<String> types() {
        return Set.of("trace");
    }

    @Override
    public LookupTable open(TableSpec spec, TableContext context) throws TableException {
        LookupTable inner = context.open(spec.name());
        return new LookupTable() {
            @Override
            public String spec() {
                return spec.name();
            }

            @Override
            public boolean isPattern() {
                return inner.isPattern();
            }

            @Override
            public String get(String key) throws TableException {
                List<Lookup> r = recording;
                if (r != null) {
                    r.add(new Lookup(spec.name(), key));
                }
                return inner.get(key);
            }
        };
    }

    /** Starts recording into a fresh list and returns it. */
    static List<Lookup> record() {
        List<Lookup> list = new ArrayList<>();
        recording = list;
        return list;
    }

    /** Stops recording. */
    static void stop() {
        recording = null;
    }
}
