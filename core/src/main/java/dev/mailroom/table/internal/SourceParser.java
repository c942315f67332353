package dev.mailroom.table.internal;

import dev.mailroom.internal.LogicalLine;
import dev.mailroom.table.DuplicateMode;
import dev.mailroom.table.TableOptions;
import dev.mailroom.table.TableWarning;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads the text source of an indexed table as {@code postmap} (key whitespace value) or
 * {@code postalias} (name: value) reads it, applying folding and the duplicate rule.
 */
final class SourceParser {

    /** How duplicate warnings name the table. */
    enum DupStyle {
        /** {@code FILE.db: duplicate entry: "k"} (hash, btree). */
        DB_FILE,
        /** {@code FILE, line N: duplicate entry: "k"} (texthash). */
        LINE
    }

    private SourceParser() {
    }

    /**
     * Parses postmap-format lines.
     *
     * @param dupName the name duplicate warnings use (e.g. {@code FILE.db}) for DB_FILE style
     * @param texthash whether texthash wording applies
     */
    static Map<String, String> parsePostmap(List<LogicalLine> lines, String file, String dupName,
            boolean texthash, TableOptions options, Consumer<TableWarning> warn) {
        Map<String, String> map = new HashMap<>(Math.max(16, lines.size() * 4 / 3 + 1));
        for (LogicalLine ll : lines) {
            String line = ll.text();
            int n = line.length();
            boolean inQuotes = false;
            int i = 0;
            for (; i < n; i++) {
                char c = line.charAt(i);
                if (c == '\\') {
                    if (++i >= n) {
                        break;
                    }
                } else if (isSpace(c)) {
                    if (!inQuotes) {
                        break;
                    }
                } else if (c == '"') {
                    inQuotes = !inQuotes;
                }
            }
            if (inQuotes) {
                warn.accept(new TableWarning(file, ll.number(), file + ", line " + ll.number()
                        + ": unbalanced '\"' in '" + line + "' -- ignoring this line"));
                continue;
            }
            String key = line.substring(0, Math.min(i, n));
            int v = Math.min(i + 1, n);
            while (v < n && isSpace(line.charAt(v))) {
                v++;
            }
            int e = n;
            while (e > v && isSpace(line.charAt(e - 1))) {
                e--;
            }
            String value = line.substring(v, e);
            if (key.isEmpty() || value.isEmpty()) {
                warn.accept(new TableWarning(file, ll.number(), file + ", line " + ll.number()
                        + ": expected format: key whitespace value" + (texthash ? " -- ignoring this line" : "")));
                continue;
            }
            if (key.charAt(key.length() - 1) == ':') {
                warn.accept(new TableWarning(file, ll.number(), file + ", line " + ll.number()
                        + ": record is in \"key: value\" format; is this an alias file?"));
            }
            put(map, key, value, ll.number(), file, texthash ? null : dupName, options, warn);
        }
        return map;
    }

    static void put(Map<String, String> map, String rawKey, String value, int lineNo, String file,
            String dupName, TableOptions options, Consumer<TableWarning> warn) {
        String key = options.foldCase() ? KeyFolding.fold(rawKey, options.utf8()) : rawKey;
        String old = map.putIfAbsent(key, value);
        if (old == null) {
            return;
        }
        DuplicateMode mode = options.duplicates();
        if (mode == DuplicateMode.REPLACE) {
            map.put(key, value);
        } else if (mode == DuplicateMode.WARN) {
            if (dupName == null) {
                warn.accept(new TableWarning(file, lineNo, file + ", line " + lineNo
                        + ": duplicate entry: \"" + key + "\""));
            } else {
                warn.accept(new TableWarning(file, 0, dupName + ": duplicate entry: \"" + key + "\""));
            }
        }
    }

    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B;
    }
}
