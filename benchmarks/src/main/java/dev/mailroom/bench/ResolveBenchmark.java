package dev.mailroom.bench;

import dev.mailroom.config.MachineFacts;
import dev.mailroom.config.MainConfig;
import dev.mailroom.config.PostfixDefaults;
import dev.mailroom.resolve.Resolution;
import dev.mailroom.resolve.Resolver;
import dev.mailroom.resolve.UserDatabase;
import dev.mailroom.table.LookupTable;
import dev.mailroom.table.LookupTables;
import dev.mailroom.table.SourceFormat;
import dev.mailroom.table.TableException;
import dev.mailroom.table.TableOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * JMH: resolving recipients against a configuration with a 100,000-entry virtual table, a
 * regexp virtual table and aliases ({@link #resolve}), against replaying exactly the table
 * lookups those resolutions perform ({@link #lookupsOnly}, recorded once through a
 * {@code trace:} table wrapper). Both are per recipient (8 recipients per invocation).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 8, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ResolveBenchmark {

    static final String[] RECIPIENTS = {
        "user4242@vdom42.example", "User777+tag@VDOM77.example", "postmaster@example.test", "a.b.c@mail1.org",
        "team@example.test", "nobody@far.example", "user99999@vdom99.example", "bob+x@example.test",
    };

    private Resolver resolver;
    private Resolver quiet;
    private LookupTable[] replayTables;
    private String[] replayKeys;

    /**
     * Writes the configuration, builds the resolver and records the lookups.
     *
     * @throws IOException when a file cannot be written
     */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Path dir = Files.createTempDirectory("mailroom-resolve-bench");
        StringBuilder v = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            v.append("user").append(i).append("@vdom").append(i % 100).append(".example u")
                    .append(i % 500).append('\n');
        }
        v.append("@mail1.org team\n");
        Files.writeString(dir.resolve("virtual"), v);
        Files.writeString(dir.resolve("virtual.re"), "/^(.*)\\.(.*@mail1\\.org)$/ $1$2\n");
        StringBuilder a = new StringBuilder("postmaster: root\nroot: admin\nteam: alice, bob, carol\n");
        for (int i = 0; i < 500; i++) {
            a.append('u').append(i).append(": user").append(i).append('\n');
        }
        Files.writeString(dir.resolve("aliases"), a);
        String main = """
                compatibility_level = 3.6
                myhostname = mx.example.test
                mydomain = example.test
                mydestination = $myhostname, localhost, example.test
                recipient_delimiter = +
                local_recipient_maps =
                alias_maps = %1$shash:%2$s/aliases
                virtual_alias_maps = %1$sregexp:%2$s/virtual.re, %1$shash:%2$s/virtual
                """;
        Files.writeString(dir.resolve("main.cf"), String.format(main, "trace:", dir));
        MachineFacts facts = MachineFacts.of("mx.example.test", List.of());
        List<UserDatabase.User> users = new ArrayList<>();
        for (String u : List.of("root", "admin", "alice", "bob", "carol")) {
            users.add(new UserDatabase.User(u, 1000 + users.size(), 1000, "/home/" + u, "/bin/sh"));
        }
        for (int i = 0; i < 500; i++) {
            users.add(new UserDatabase.User("user" + i, 2000 + i, 1000, "/home/user" + i, "/bin/sh"));
        }
        UserDatabase db = UserDatabase.of(users.toArray(new UserDatabase.User[0]));
        Resolver traced = Resolver.builder(MainConfig.load(dir, PostfixDefaults.postfix37(facts)))
                .users(db).machine(facts).build();
        List<TraceTables.Lookup> lookups = TraceTables.record();
        for (String r : RECIPIENTS) {
            Resolution res = traced.resolve("sender@example.test", r);
            if (!res.delivered()) {
                throw new IllegalStateException("benchmark recipient not delivered: " + res);
            }
        }
        TraceTables.stop();
        Files.writeString(dir.resolve("main.cf"), String.format(main, "", dir));
        resolver = Resolver.builder(MainConfig.load(dir, PostfixDefaults.postfix37(facts))).users(db).machine(facts)
                .build();
        quiet = Resolver.builder(MainConfig.load(dir, PostfixDefaults.postfix37(facts))).users(db).machine(facts)
                .explain(false).build();
        Map<String, LookupTable> plain = new HashMap<>();
        replayTables = new LookupTable[lookups.size()];
        replayKeys = new String[lookups.size()];
        for (int i = 0; i < lookups.size(); i++) {
            TraceTables.Lookup l = lookups.get(i);
            LookupTable t = plain.get(l.spec());
            if (t == null) {
                TableOptions o = TableOptions.builder().warnings(w -> { })
                        .sourceFormat(l.spec().endsWith("/aliases") ? SourceFormat.ALIASES : SourceFormat.POSTMAP)
                        .build();
                t = LookupTables.open(l.spec(), o);
                plain.put(l.spec(), t);
            }
            replayTables[i] = t;
            replayKeys[i] = l.key();
        }
    }

    /**
     * Performs the table lookups of the 8 resolutions on the given keys (same order and tables
     * as {@link #lookupsOnly}); with fresh copies of the recorded keys, each lookup also pays
     * for hashing and folding a key it has not seen, as the resolution's own lookups do.
     *
     * @param keys one key per recorded lookup
     * @param bh the sink
     * @throws TableException never (the tables are local files)
     */
    void lookups(String[] keys, Blackhole bh) throws TableException {
        LookupTable[] t = replayTables;
        for (int i = 0; i < t.length; i++) {
            bh.consume(t[i].get(keys[i]));
        }
    }

    /** @return fresh copies of the recorded keys (equal, but with no cached hash) */
    String[] freshKeys() {
        String[] out = new String[replayKeys.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = new String(replayKeys[i].toCharArray());
        }
        return out;
    }

    /** @return the number of table lookups that the 8 resolutions perform */
    int lookupCount() {
        return replayKeys.length;
    }

    /**
     * Resolves the 8 recipients.
     *
     * @param bh the sink
     */
    @Benchmark
    @OperationsPerInvocation(8)
    public void resolve(Blackhole bh) {
        for (String r : RECIPIENTS) {
            bh.consume(resolver.resolve("sender@example.test", r));
        }
    }

    /**
     * Resolves the 8 recipients without recording explanations.
     *
     * @param bh the sink
     */
    @Benchmark
    @OperationsPerInvocation(8)
    public void resolveWithoutExplanation(Blackhole bh) {
        for (String r : RECIPIENTS) {
            bh.consume(quiet.resolve("sender@example.test", r));
        }
    }

    /**
     * Performs only the table lookups of those 8 resolutions.
     *
     * @param bh the sink
     * @throws TableException never (the tables are local files)
     */
    @Benchmark
    @OperationsPerInvocation(8)
    public void lookupsOnly(Blackhole bh) throws TableException {
        LookupTable[] t = replayTables;
        String[] k = replayKeys;
        for (int i = 0; i < t.length; i++) {
            bh.consume(t[i].get(k[i]));
        }
    }
}
