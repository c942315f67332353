package dev.mailroom.table;

import dev.mailroom.table.spi.TableContext;
import dev.mailroom.table.spi.TableProvider;
import java.util.Objects;
import java.util.Set;

/**
 * A third-party provider as another module would write it: {@code reverse:SPEC} answers with the
 * reversed value of the nested table, and {@code hash} tries (and fails) to replace a built-in.
 */
public final class ReverseTableProvider implements TableProvider {

    /** Creates the provider. */
    public ReverseTableProvider() {
    }

    @Override
    public Set<String> types() {
        return Set.of("reverse", "hash");
    }

    @Override
    public LookupTable open(TableSpec spec, TableContext context) throws TableException {
        if (spec.type().equals("hash")) {
            throw new AssertionError("built-in types must not be replaced");
        }
        LookupTable inner = context.open(spec.name());
        context.warn(new TableWarning(spec.toString(), 0, "reverse: opened " + inner.spec()));
        return new LookupTable() {
            @Override
            public String spec() {
                return spec.toString();
            }

            @Override
            public boolean isPattern() {
                return inner.isPattern();
            }

            @Override
            public String get(String key) throws TableException {
                String v = inner.get(Objects.requireNonNull(key, "key"));
                return v == null ? null : new StringBuilder(v).reverse().toString();
            }
        };
    }
}
