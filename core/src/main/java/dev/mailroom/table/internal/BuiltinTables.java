package dev.mailroom.table.internal;

import dev.mailroom.internal.LogicalLine;
import dev.mailroom.internal.LogicalLineReader;
import dev.mailroom.table.LookupTable;
import dev.mailroom.table.SourceFormat;
import dev.mailroom.table.TableException;
import dev.mailroom.table.TableOptions;
import dev.mailroom.table.TableSpec;
import dev.mailroom.table.TableWarning;
import dev.mailroom.table.spi.TableContext;
import dev.mailroom.table.spi.TableProvider;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/** The table types built into core. Also registered as a service, so it is listed by tools. */
public final class BuiltinTables implements TableProvider {

    private static final Set<String> TYPES = Set.of("hash", "btree", "lmdb", "cdb", "dbm", "sdbm", "texthash",
            "regexp", "pcre", "cidr", "inline", "static", "unionmap", "pipemap", "fail");

    /** Creates the provider (ServiceLoader needs a public constructor). */
    public BuiltinTables() {
    }

    @Override
    public Set<String> types() {
        return TYPES;
    }

    @Override
    public LookupTable open(TableSpec spec, TableContext ctx) throws TableException {
        String name = spec.name();
        TableOptions options = ctx.options();
        long interval = options.reloadCheckInterval().toNanos();
        Consumer<TableWarning> warn = ctx::warn;
        switch (spec.type()) {
            case "inline":
                return SimpleTables.inline(name, options);
            case "static":
                return SimpleTables.staticTable(name);
            case "unionmap":
                return SimpleTables.union(name, ctx);
            case "pipemap":
                return SimpleTables.pipe(name, ctx);
            case "fail":
                return SimpleTables.fail(name);
            case "texthash":
                return ReloadingTable.open(spec.toString(), false, Path.of(name),
                        file -> indexed(spec.toString(), file, null, true, options, warn), interval,
                        "open " + name);
            case "regexp":
            case "pcre":
            case "cidr":
                return PatternTables.open(spec, options, warn);
            default:
                String dupName = dupName(spec.type(), name);
                return ReloadingTable.open(spec.toString(), false, Path.of(name),
                        file -> indexed(spec.toString(), file, dupName, false, options, warn), interval,
                        "open database " + databaseFile(spec.type(), name));
        }
    }

    private static LookupTable indexed(String spec, Path file, String dupName, boolean texthash,
            TableOptions options, Consumer<TableWarning> warn) throws java.io.IOException {
        String name = file.toString();
        byte[] bytes = Files.readAllBytes(file);
        String text = LogicalLineReader.decode(bytes);
        List<LogicalLine> lines = LogicalLineReader.read(text, name, m -> warn.accept(new TableWarning(name, 0, m)));
        if (options.utf8() && !text.equals(new String(bytes, StandardCharsets.UTF_8))) {
            lines = utf8Lines(lines, name, warn);
        }
        Map<String, String> map = options.sourceFormat() == SourceFormat.ALIASES && !texthash
                ? AliasParser.parse(lines, name, dupName, options, warn)
                : SourceParser.parsePostmap(lines, name, dupName, texthash, options, warn);
        return new FixedTable(spec, map, options.foldCase(), options.utf8());
    }

    /**
     * The file is not valid UTF-8 (the reader decoded it byte for byte): in UTF-8 mode Postfix
     * skips each line that is not valid UTF-8, with a warning, and keeps the others.
     */
    private static List<LogicalLine> utf8Lines(List<LogicalLine> lines, String name, Consumer<TableWarning> warn) {
        List<LogicalLine> out = new ArrayList<>(lines.size());
        for (LogicalLine ll : lines) {
            byte[] raw = ll.text().getBytes(StandardCharsets.ISO_8859_1);
            try {
                String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(raw)).toString();
                out.add(new LogicalLine(ll.number(), text));
            } catch (CharacterCodingException e) {
                StringBuilder shown = new StringBuilder();
                for (byte b : raw) {
                    shown.append(b < 0 ? '?' : (char) b);
                }
                warn.accept(new TableWarning(name, ll.number(), name + ", line " + ll.number() + ": non-UTF-8 input \""
                        + shown + "\" -- ignoring this line"));
            }
        }
        return out;
    }

    static String databaseFile(String type, String name) {
        switch (type) {
            case "cdb":
                return name + ".cdb";
            case "lmdb":
                return name + ".lmdb";
            case "dbm":
            case "sdbm":
                return name + ".pag";
            default:
                return name + ".db";
        }
    }

    static String dupName(String type, String name) {
        return "lmdb".equals(type) ? "lmdb:" + name : databaseFile(type, name);
    }
}
