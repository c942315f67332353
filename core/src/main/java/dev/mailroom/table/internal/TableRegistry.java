package dev.mailroom.table.internal;

import dev.mailroom.table.LookupTable;
import dev.mailroom.table.TableException;
import dev.mailroom.table.TableOptions;
import dev.mailroom.table.TableSpec;
import dev.mailroom.table.TableWarning;
import dev.mailroom.table.spi.TableContext;
import dev.mailroom.table.spi.TableProvider;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

/** Finds the provider of a table type: built-in first, then {@link ServiceLoader} providers. */
public final class TableRegistry {

    private static final TableRegistry INSTANCE = new TableRegistry();

    private final Map<String, TableProvider> providers;

    private TableRegistry() {
        Map<String, TableProvider> map = new HashMap<>();
        for (TableProvider p : ServiceLoader.load(TableProvider.class, TableRegistry.class.getClassLoader())) {
            for (String type : p.types()) {
                map.putIfAbsent(type, p);
            }
        }
        BuiltinTables builtin = new BuiltinTables();
        for (String type : builtin.types()) {
            map.put(type, builtin);
        }
        this.providers = Collections.unmodifiableMap(map);
    }

    /** @return the registry of this class loader */
    public static TableRegistry instance() {
        return INSTANCE;
    }

    /** @return every known type */
    public Set<String> types() {
        return Collections.unmodifiableSet(new TreeSet<>(providers.keySet()));
    }

    /**
     * Opens a spec, unwrapping {@code proxy:}.
     *
     * @throws TableException with Postfix's wording when the spec or table is bad
     */
    public LookupTable open(String spec, TableOptions options) throws TableException {
        String s = spec;
        while (s.startsWith("proxy:")) {
            s = s.substring("proxy:".length());
        }
        TableSpec parsed;
        try {
            parsed = TableSpec.parse(s);
        } catch (IllegalArgumentException e) {
            throw new TableException("open dictionary: " + e.getMessage());
        }
        TableProvider provider = providers.get(parsed.type());
        if (provider == null) {
            throw new TableException("unsupported dictionary type: " + parsed.type());
        }
        return provider.open(parsed, new Context(options));
    }

    private final class Context implements TableContext {
        private final TableOptions options;

        Context(TableOptions options) {
            this.options = options;
        }

        @Override
        public TableOptions options() {
            return options;
        }

        @Override
        public void warn(TableWarning warning) {
            options.warnings().accept(warning);
        }

        @Override
        public LookupTable open(String spec) throws TableException {
            return TableRegistry.this.open(spec, options);
        }
    }
}
