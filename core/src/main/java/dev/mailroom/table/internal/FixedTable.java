package dev.mailroom.table.internal;

import dev.mailroom.table.LookupTable;
import java.util.Map;
import java.util.Objects;

/** An immutable in-memory table of fixed keys (the loaded form of hash, inline, ...). */
final class FixedTable implements LookupTable {

    private final String spec;
    private final Map<String, String> map;
    private final boolean fold;
    private final boolean utf8;

    /** The map's keys must already be folded when {@code fold} is true. */
    FixedTable(String spec, Map<String, String> map, boolean fold, boolean utf8) {
        this.spec = spec;
        this.map = map;
        this.fold = fold;
        this.utf8 = utf8;
    }

    @Override
    public String spec() {
        return spec;
    }

    @Override
    public boolean isPattern() {
        return false;
    }

    @Override
    public String get(String key) {
        Objects.requireNonNull(key, "key");
        return map.get(fold ? KeyFolding.fold(key, utf8) : key);
    }

    int size() {
        return map.size();
    }

    @Override
    public String toString() {
        return "FixedTable[" + spec + ", " + map.size() + " entries]";
    }
}
