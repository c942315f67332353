package dev.mailroom.cli;

import dev.mailroom.config.ConfigException;
import dev.mailroom.config.MainConfig;
import dev.mailroom.table.DuplicateMode;
import dev.mailroom.table.LookupTable;
import dev.mailroom.table.LookupTables;
import dev.mailroom.table.SourceFormat;
import dev.mailroom.table.TableException;
import dev.mailroom.table.TableOptions;
import dev.mailroom.table.TableSpec;
import dev.mailroom.table.TableWarning;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The shared engine of {@code mailroom postmap} and {@code mailroom postalias}: getopt-style
 * arguments, Postfix's stdout, stderr wording and exit status. No database file is written:
 * the check mode reads the source as the build step would and reports the same warnings.
 */
final class TableCli {

    private static final Set<String> INDEXED = Set.of("hash", "btree", "lmdb", "cdb", "dbm", "sdbm");

    /** Thrown to end the run with a fatal message and status 1. */
    private static final class Fatal extends Exception {
        private static final long serialVersionUID = 1L;

        Fatal(String message) {
            super(message, null, false, false);
        }
    }

    private final String program;
    private final boolean aliases;
    private final PrintWriter out;
    private final PrintWriter err;
    private final InputStream in;
    private final Map<String, String> env;

    TableCli(String program, boolean aliases, PrintWriter out, PrintWriter err, InputStream in, Map<String, String> env) {
        this.program = program;
        this.aliases = aliases;
        this.out = out;
        this.err = err;
        this.in = in;
        this.env = env;
    }

    private String usage() {
        return aliases
                ? "usage: postalias [-Nfinoprsuvw] [-c config_dir] [-d key] [-q key] [map_type:]file..."
                : "usage: postmap [-bfFhimnNoprsuUvw] [-c config_dir] [-d key] [-q key] [map_type:]file...";
    }

    int run(List<String> args) {
        try {
            return runOrThrow(args);
        } catch (Fatal e) {
            err.println(program + ": fatal: " + e.getMessage());
            return 1;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private int runOrThrow(List<String> args) throws Fatal {
        boolean fold = true;
        DuplicateMode dup = DuplicateMode.WARN;
        String configDir = null;
        String query = null;
        List<String> specs = new ArrayList<>();
        int i = 0;
        for (; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--")) {
                i++;
                break;
            }
            if (!a.startsWith("-") || a.equals("-")) {
                break;
            }
            for (int j = 1; j < a.length(); j++) {
                char c = a.charAt(j);
                switch (c) {
                    case 'f': fold = false; break;
                    case 'r': dup = DuplicateMode.REPLACE; break;
                    case 'w': dup = DuplicateMode.IGNORE; break;
                    case 'c':
                    case 'q': {
                        String value;
                        if (j + 1 < a.length()) {
                            value = a.substring(j + 1);
                        } else if (i + 1 < args.size()) {
                            value = args.get(++i);
                        } else {
                            err.println(program + ": option requires an argument -- '" + c + "'");
                            throw new Fatal(usage());
                        }
                        if (c == 'c') {
                            configDir = value;
                        } else {
                            query = value;
                        }
                        j = a.length();
                        break;
                    }
                    default:
                        err.println(program + ": invalid option -- '" + c + "'");
                        throw new Fatal(usage());
                }
            }
        }
        specs.addAll(args.subList(i, args.size()));
        String dir = configDir != null ? configDir : env.getOrDefault("MAIL_CONFIG", "/etc/postfix");
        boolean utf8;
        try {
            // postmap reads main.cf first; smtputf8_enable decides how keys are case-folded
            utf8 = MainConfig.load(Path.of(dir)).getBoolean("smtputf8_enable");
        } catch (NoSuchFileException e) {
            throw new Fatal("open " + dir + "/main.cf: No such file or directory");
        } catch (IOException | ConfigException e) {
            throw new Fatal(e.getMessage());
        }
        if (specs.isEmpty()) {
            throw new Fatal(usage());
        }
        TableOptions base = TableOptions.builder()
                .foldCase(fold)
                .duplicates(dup)
                .utf8(utf8)
                .sourceFormat(aliases ? SourceFormat.ALIASES : SourceFormat.POSTMAP)
                .build();
        if (query == null) {
            for (String spec : specs) {
                check(spec, base);
            }
            return 0;
        }
        List<LookupTable> tables = new ArrayList<>();
        for (String spec : specs) {
            tables.add(openForQuery(spec, base));
        }
        if (query.equals("-")) {
            return queryStdin(tables);
        }
        String value = lookup(tables, query);
        if (value == null) {
            return 1;
        }
        out.println(value);
        return 0;
    }

    private static String withDefaultType(String spec) {
        int colon = spec.indexOf(':');
        return colon < 0 || spec.startsWith("/") && spec.indexOf('/') < colon ? "hash:" + spec : spec;
    }

    private Consumer<TableWarning> printWarnings() {
        return w -> err.println(program + ": warning: " + w.message());
    }

    private LookupTable openForQuery(String rawSpec, TableOptions base) throws Fatal {
        String spec = withDefaultType(rawSpec);
        String type = spec.substring(0, spec.indexOf(':'));
        // Postfix reads the compiled database of indexed types, so their source warnings were
        // shown when the database was built, not now.
        Consumer<TableWarning> warnings = INDEXED.contains(type) ? w -> { } : printWarnings();
        try {
            return LookupTables.open(spec, base.toBuilder().warnings(warnings).build());
        } catch (TableException e) {
            throw new Fatal(e.getMessage());
        }
    }

    private void check(String rawSpec, TableOptions base) throws Fatal {
        String spec = withDefaultType(rawSpec);
        TableSpec parsed;
        try {
            parsed = TableSpec.parse(spec);
        } catch (IllegalArgumentException e) {
            throw new Fatal("open dictionary: " + e.getMessage());
        }
        String type = parsed.type();
        if (!Files.isRegularFile(Path.of(parsed.name()))) {
            throw new Fatal("open " + parsed.name() + ": No such file or directory");
        }
        if (!INDEXED.contains(type)) {
            throw new Fatal("unsupported dictionary type: " + type
                    + (LookupTables.types().contains(type) ? " does not support bulk-mode creation." : ""));
        }
        try {
            LookupTables.open(spec, base.toBuilder().warnings(printWarnings()).build());
        } catch (TableException e) {
            throw new Fatal(e.getMessage());
        }
    }

    private String lookup(List<LookupTable> tables, String key) throws Fatal {
        for (LookupTable t : tables) {
            String v;
            try {
                v = t.get(key);
            } catch (TableException e) {
                throw new Fatal("table " + t.spec() + ": query error: " + e.getMessage());
            }
            if (v != null) {
                if (v.isEmpty()) {
                    err.println(program + ": warning: table " + t.spec() + ": key " + key
                            + ": empty string result is not allowed");
                    err.println(program + ": warning: table " + t.spec()
                            + " should return NO RESULT in case of NOT FOUND");
                }
                return v;
            }
        }
        return null;
    }

    private int queryStdin(List<LookupTable> tables) throws Fatal {
        boolean found = false;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String key;
            while ((key = r.readLine()) != null) {
                String v = lookup(tables, key);
                if (v != null) {
                    out.print(key);
                    out.print(aliases ? ":\t" : "\t");
                    out.println(v);
                    found = true;
                }
            }
        } catch (IOException e) {
            throw new Fatal("read standard input: " + e.getMessage());
        }
        return found ? 0 : 1;
    }
}
