package dev.mailroom.bench;

import dev.mailroom.table.LookupTable;
import dev.mailroom.table.LookupTables;
import dev.mailroom.table.TableOptions;
import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Compares mailroom's table lookups with Postfix's {@code postmap -q - TYPE:FILE} on the same
 * files and keys, in one run: a hash source of {@code --entries} entries, a regexp table of
 * {@code --regexp-rules} rules and a pcre table of {@code --pcre-rules} rules, each queried with
 * the same {@code --keys} keys (half hits). mailroom runs in this JVM after a warm-up pass;
 * postmap reads the keys on standard input and writes to /dev/null.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar dev.mailroom.bench.TableLookupComparison
 * [--entries N] [--regexp-rules N] [--pcre-rules N] [--keys N] [--regexp-keys N] [--runs N] [--work DIR]}
 * ({@code --runs}: best of N measured passes on each side, default 1).
 * Defaults keep the run under two minutes on two cores; the figures in docs/performance.md
 * used {@code --keys 1000000 --regexp-keys 1000000}.
 */
public final class TableLookupComparison {

    private TableLookupComparison() {
    }

    /** One measured table. */
    private record Row(String name, double mailroomLoadMs, double postmapLoadMs, double mailroomRate,
            double postmapRate, long hits) {
    }

    /**
     * Runs the comparison and prints a Markdown table.
     *
     * @param args options as described in the class comment
     * @throws Exception when a tool fails
     */
    public static void main(String[] args) throws Exception {
        int entries = 100_000;
        int regexpRules = 500;
        int pcreRules = 200;
        int keys = 1_000_000;
        int regexpKeys = 50_000;
        Path work = Path.of("target/table-bench");
        int runs = 1;
        for (int i = 0; i < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--entries": entries = Integer.parseInt(v); break;
                case "--regexp-rules": regexpRules = Integer.parseInt(v); break;
                case "--pcre-rules": pcreRules = Integer.parseInt(v); break;
                case "--keys": keys = Integer.parseInt(v); break;
                case "--regexp-keys": regexpKeys = Integer.parseInt(v); break;
                case "--work": work = Path.of(v); break;
                case "--runs": runs = Integer.parseInt(v); break;
                default: throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Files.createDirectories(work);
        Files.writeString(work.resolve("main.cf"), "compatibility_level = 3.6\n");
        PrintStream out = System.out;
        Random rnd = new Random(42);

        Path hash = work.resolve("relay");
        try (BufferedWriter w = Files.newBufferedWriter(hash)) {
            for (int i = 0; i < entries; i++) {
                w.write("user" + i + "@Domain" + (i % 997) + ".example\t[relay" + (i % 50) + ".example.net]:587\n");
            }
        }
        Path hashKeys = work.resolve("relay.keys");
        writeKeys(hashKeys, keys, rnd, i -> "user" + i + "@domain" + (i % 997) + ".example", entries);

        Path regexp = work.resolve("rewrite.regexp");
        Path pcre = work.resolve("rewrite.pcre");
        writeRules(regexp, regexpRules);
        writeRules(pcre, pcreRules);
        Path reKeys = work.resolve("rewrite.keys");
        int maxRules = Math.max(regexpRules, pcreRules);
        writeKeys(reKeys, regexpKeys, rnd, i -> "someone" + i + "@host.sub" + (i % maxRules) + ".example", maxRules * 10);

        List<Row> rows = new ArrayList<>();
        rows.add(measure("hash, " + entries + " entries", "hash:" + hash, hashKeys, work, true, runs));
        rows.add(measure("regexp, " + regexpRules + " rules", "regexp:" + regexp, reKeys, work, false, runs));
        rows.add(measure("pcre, " + pcreRules + " rules", "pcre:" + pcre, reKeys, work, false, runs));

        out.printf("%n| table | keys | load mailroom | load postmap | lookups/s mailroom | lookups/s postmap | ratio |%n");
        out.printf("|---|---|---|---|---|---|---|%n");
        for (Row r : rows) {
            out.printf(Locale.ROOT, "| %s | %s | %.0f ms | %s | %,.0f | %,.0f | %.2fx |%n", r.name(),
                    r.name().startsWith("hash") ? keys : regexpKeys, r.mailroomLoadMs(),
                    String.format(Locale.ROOT, r.name().startsWith("hash") ? "%.0f ms (build)" : "%.0f ms (one -q)",
                            r.postmapLoadMs()),
                    r.mailroomRate(), r.postmapRate(), r.mailroomRate() / r.postmapRate());
        }
    }

    private interface KeyName {
        String key(int i);
    }

    /** Half the keys hit (index below {@code hitRange}), half miss; a quarter are upper case. */
    private static void writeKeys(Path file, int count, Random rnd, KeyName name, int hitRange) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            for (int i = 0; i < count; i++) {
                int n = rnd.nextBoolean() ? rnd.nextInt(hitRange) : hitRange + rnd.nextInt(hitRange);
                String k = name.key(n);
                w.write(rnd.nextInt(4) == 0 ? k.toUpperCase(Locale.ROOT) : k);
                w.write('\n');
            }
        }
    }

    private static void writeRules(Path file, int rules) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            for (int i = 0; i < rules; i++) {
                w.write("/^([^@]+)@(.*\\.)?sub" + i + "\\.example$/\t$1@relay" + i + ".example.net\n");
            }
        }
    }

    private static Row measure(String name, String spec, Path keysFile, Path work, boolean indexed, int runs)
            throws Exception {
        List<String> keys = Files.readAllLines(keysFile, StandardCharsets.UTF_8);
        TableOptions options = TableOptions.builder().warnings(w -> { }).build();

        // Postfix: build (indexed) or nothing (pattern tables are parsed when opened).
        // pattern tables: the time of one query, i.e. process start plus parsing the file
        long tl = System.nanoTime();
        if (indexed) {
            run(List.of("/usr/sbin/postmap", "-c", work.toString(), spec), null);
        } else {
            run(List.of("/usr/sbin/postmap", "-c", work.toString(), "-q", "no-such-key", spec), null);
        }
        double postmapLoad = (System.nanoTime() - tl) / 1e6;
        // mailroom: warm up the loader, then time a fresh open.
        for (int i = 0; i < 3; i++) {
            LookupTables.open(spec, options);
        }
        long t0 = System.nanoTime();
        LookupTable table = LookupTables.open(spec, options);
        double load = (System.nanoTime() - t0) / 1e6;

        long hits = 0;
        double mailroomSec = Double.MAX_VALUE;
        for (int pass = 0; pass <= runs; pass++) { // a warm-up pass, then the best of the measured ones
            hits = 0;
            t0 = System.nanoTime();
            for (String k : keys) {
                if (table.get(k) != null) {
                    hits++;
                }
            }
            if (pass > 0) {
                mailroomSec = Math.min(mailroomSec, (System.nanoTime() - t0) / 1e9);
            }
        }

        double postmapSec = Double.MAX_VALUE;
        for (int pass = 0; pass < runs; pass++) {
            t0 = System.nanoTime();
            run(List.of("/usr/sbin/postmap", "-c", work.toString(), "-q", "-", spec), keysFile.toFile());
            postmapSec = Math.min(postmapSec, (System.nanoTime() - t0) / 1e9);
        }
        System.out.printf(Locale.ROOT, "%s: %d keys, %d hits; mailroom %.2f s, postmap %.2f s%n", name, keys.size(),
                hits, mailroomSec, postmapSec);
        return new Row(name, load, postmapLoad, keys.size() / mailroomSec, keys.size() / postmapSec, hits);
    }

    private static void run(List<String> cmd, File stdin) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        if (stdin != null) {
            pb.redirectInput(stdin);
        }
        Process p = pb.start();
        if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() > 1) {
            p.destroyForcibly();
            throw new IOException(cmd + " failed");
        }
    }
}
