package dev.mailroom.resolve.internal;

import dev.mailroom.address.MailAddress;
import dev.mailroom.table.LookupTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Finds the source line of a key in a file-backed fixed table (hash, texthash, btree ...,
 * aliases), for explanations only: the index is built on first use and rebuilt when the
 * file changes. Pattern tables and other types have no line (0).
 */
final class SourceLines {

    private static final Set<String> FIXED = Set.of("hash", "btree", "texthash", "lmdb", "cdb", "dbm", "sdbm");

    private final Path file;
    private final boolean aliases;
    private long stamp = -1;
    private Map<String, Integer> index = Map.of();
    /** Explanation texts already worked out, by key; valid while the table gives the same value. */
    private final Map<String, Where> wheres = new java.util.concurrent.ConcurrentHashMap<>();

    /** The explanation text of a hit, and the value object it was worked out for. */
    private record Where(String value, String text) {
    }

    SourceLines(String spec, LookupTable table, boolean aliases) {
        this.aliases = aliases;
        String s = spec.startsWith("proxy:") ? spec.substring(6) : spec;
        int colon = s.indexOf(':');
        Path f = null;
        if (table != null && !table.isPattern() && colon > 0 && FIXED.contains(s.substring(0, colon))
                && s.startsWith("/", colon + 1)) {
            f = Path.of(s.substring(colon + 1));
        }
        this.file = f;
    }

    /**
     * The source of a hit for explanations: {@code spec, line N}, or the spec alone when the line
     * is unknown. Remembered per key while the table answers with the same value object (a
     * reloaded table answers with new ones), so a repeated hit costs one map lookup.
     *
     * @param spec the table spec
     * @param key the key that hit
     * @param value the value the table gave
     * @return the text
     */
    String where(String spec, String key, String value) {
        if (file == null) {
            return spec;
        }
        Where w = wheres.get(key);
        if (w != null && w.value() == value) {
            return w.text();
        }
        int line = lineOf(key);
        String text = line > 0 ? spec + ", line " + line : spec;
        if (wheres.size() >= 8192) {
            wheres.clear();
        }
        wheres.put(key, new Where(value, text));
        return text;
    }

    /**
     * @return the 1-based line where the (folded) key is defined, or 0 when unknown; the file
     *     is read again when its time or size changed since the index was built
     */
    synchronized int lineOf(String key) {
        if (file == null) {
            return 0;
        }
        try {
            long now = Files.getLastModifiedTime(file).toMillis() ^ Files.size(file);
            if (now != stamp) {
                index = build(Files.readAllLines(file, StandardCharsets.UTF_8).toArray(new String[0]), aliases);
                stamp = now;
            }
        } catch (IOException e) {
            return 0;
        }
        Integer line = index.get(MailAddress.foldCase(key));
        return line == null ? 0 : line;
    }

    private static Map<String, Integer> build(String[] lines, boolean aliases) {
        Map<String, Integer> out = new HashMap<>();
        for (int n = 1; n <= lines.length; n++) {
            String line = lines[n - 1];
            if (line.isEmpty() || Character.isWhitespace(line.charAt(0)) || line.startsWith("#")) {
                continue;
            }
            String key = keyOf(line, aliases);
            if (!key.isEmpty()) {
                out.putIfAbsent(MailAddress.foldCase(key), n);
            }
        }
        return out;
    }

    /** The key of a table line: up to white space, or up to ':' for aliases (quotes removed). */
    private static String keyOf(String line, boolean aliases) {
        StringBuilder sb = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
                if (aliases) {
                    continue;
                }
            }
            if (!quoted && (Character.isWhitespace(c) || (aliases && c == ':'))) {
                break;
            }
            sb.append(c);
        }
        return sb.toString();
    }
}
