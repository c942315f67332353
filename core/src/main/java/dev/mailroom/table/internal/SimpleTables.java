package dev.mailroom.table.internal;

import dev.mailroom.table.LookupTable;
import dev.mailroom.table.TableException;
import dev.mailroom.table.TableOptions;
import dev.mailroom.table.spi.TableContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** {@code inline:}, {@code static:}, {@code unionmap:}, {@code pipemap:} and {@code fail:}. */
final class SimpleTables {

    private SimpleTables() {
    }

    static LookupTable inline(String name, TableOptions options) throws TableException {
        String spec = "inline:" + name;
        String need = "; need \"inline:{name=value...}\"";
        String body = BraceSyntax.stripBraces(name);
        if (body == null) {
            throw new TableException("bad syntax: \"" + spec + "\"" + need);
        }
        Map<String, String> map = new HashMap<>();
        List<String> elements = BraceSyntax.split(body);
        for (String element : elements) {
            String nameval = element;
            if (nameval.startsWith("{")) {
                nameval = BraceSyntax.stripBraces(nameval);
                if (nameval == null) {
                    throw new TableException("bad syntax: \"" + spec + "\"" + need);
                }
            }
            String[] kv = splitNameValue(nameval);
            if (kv == null) {
                throw new TableException("missing '=' after attribute name: \"" + spec + "\"" + need);
            }
            String key = options.foldCase() ? KeyFolding.fold(kv[0], options.utf8()) : kv[0];
            map.put(key, kv[1]); // the last duplicate wins, as in Postfix
        }
        if (elements.isEmpty()) {
            throw new TableException("bad syntax: \"" + spec + "\"" + need);
        }
        return new FixedTable(spec, Map.copyOf(map), options.foldCase(), options.utf8());
    }

    /** Splits {@code name = value}: the name ends at white space or '=' outside quotes. */
    static String[] splitNameValue(String text) {
        int n = text.length();
        int i = 0;
        while (i < n && SourceParser.isSpace(text.charAt(i))) {
            i++;
        }
        int start = i;
        boolean quoted = false;
        for (; i < n; i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && (c == '=' || SourceParser.isSpace(c))) {
                break;
            }
        }
        String key = text.substring(start, i);
        while (i < n && SourceParser.isSpace(text.charAt(i))) {
            i++;
        }
        if (i >= n || text.charAt(i) != '=') {
            return null;
        }
        return new String[] {key, BraceSyntax.trim(text.substring(i + 1))};
    }

    static LookupTable staticTable(String name) throws TableException {
        String value = name;
        if (name.startsWith("{")) {
            value = BraceSyntax.stripBraces(name);
            if (value == null) {
                throw new TableException("bad static:name syntax: missing '}' in \"" + name + "\"");
            }
        }
        String v = value;
        String spec = "static:" + name;
        return new FunctionTable(spec, key -> v);
    }

    static LookupTable fail(String name) {
        String spec = "fail:" + name;
        return new FunctionTable(spec, key -> {
            throw new TableException("Application error");
        });
    }

    static LookupTable[] members(String type, String name, TableContext ctx) throws TableException {
        String body = BraceSyntax.stripBraces(name);
        List<String> elements = body == null ? List.of() : BraceSyntax.split(body);
        if (elements.isEmpty()) {
            throw new TableException("bad syntax: \"" + type + ":" + name + "\"; need \"" + type + ":{type:name...}\"");
        }
        LookupTable[] tables = new LookupTable[elements.size()];
        for (int i = 0; i < tables.length; i++) {
            tables[i] = ctx.open(elements.get(i));
        }
        return tables;
    }

    static LookupTable union(String name, TableContext ctx) throws TableException {
        LookupTable[] tables = members("unionmap", name, ctx);
        String spec = "unionmap:" + name;
        return new FunctionTable(spec, key -> {
            StringBuilder sb = null;
            for (LookupTable t : tables) {
                String v = t.get(key);
                if (v != null) {
                    if (sb == null) {
                        sb = new StringBuilder(v);
                    } else {
                        sb.append(',').append(v);
                    }
                }
            }
            return sb == null ? null : sb.toString();
        });
    }

    static LookupTable pipe(String name, TableContext ctx) throws TableException {
        LookupTable[] tables = members("pipemap", name, ctx);
        String spec = "pipemap:" + name;
        return new FunctionTable(spec, key -> {
            String v = key;
            for (LookupTable t : tables) {
                v = t.get(v);
                if (v == null) {
                    return null;
                }
            }
            return v;
        });
    }

    /** What a table of this file does with one key. */
    @FunctionalInterface
    private interface Lookup {
        String get(String key) throws TableException;
    }

    /** A fixed-key table whose answer is computed by a function. */
    private static final class FunctionTable implements LookupTable {
        private final String spec;
        private final Lookup lookup;

        FunctionTable(String spec, Lookup lookup) {
            this.spec = spec;
            this.lookup = lookup;
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
        public String get(String key) throws TableException {
            return lookup.get(Objects.requireNonNull(key, "key"));
        }

        @Override
        public String toString() {
            return "Table[" + spec + "]";
        }
    }
}
