package dev.mailroom.bench;

import dev.mailroom.config.MachineFacts;
import dev.mailroom.config.MainConfig;
import dev.mailroom.config.PostfixDefaults;
import dev.mailroom.resolve.Destination;
import dev.mailroom.resolve.Resolution;
import dev.mailroom.resolve.Resolved;
import dev.mailroom.resolve.Resolver;
import dev.mailroom.resolve.UserDatabase;
import dev.mailroom.table.LookupTable;
import dev.mailroom.table.LookupTables;
import dev.mailroom.table.SourceFormat;
import dev.mailroom.table.TableException;
import dev.mailroom.table.TableOptions;
import dev.mailroom.table.internal.LookupClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * JMH: resolving recipients against a configuration with a 100,000-entry virtual table, a
 * regexp virtual table and aliases ({@link #resolve}), against replaying exactly the table
 * lookups those resolutions perform ({@link #lookupsOnly}, recorded once through a
 * {@code trace:} table wrapper, and replayed with one clock read per resolution, as a resolution
 * makes them). Both are per recipient, {@value #PER_INVOCATION} recipients
 * per invocation, drawn from eight kinds (virtual alias to an alias, the same with an
 * extension, postmaster, the seeds' dot-removing regexp, a list alias, a relay domain, a local
 * user with an extension).
 *
 * <p>{@link #recipientSet} {@code spread} draws the users and domains of each kind across the
 * tables (seeded), as mail to a site with 100,000 addresses does; {@code fixed8} repeats the
 * eight recipients measured before 2026-11-22, whose few table entries then stay in the CPU
 * caches and make every lookup cheaper than it is in service.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 8, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ResolveBenchmark {

    /** Recipients resolved per benchmark invocation. */
    static final int PER_INVOCATION = 2048;

    private static final String[] FIXED8 = {
        "user4242@vdom42.example", "User777+tag@VDOM77.example", "postmaster@example.test", "a.b.c@mail1.org",
        "team@example.test", "nobody@far.example", "user99999@vdom99.example", "bob+x@example.test",
    };

    /** {@code spread}: users and domains drawn across the tables; {@code fixed8}: eight recipients. */
    @Param({"spread", "fixed8"})
    public String recipientSet = "spread";

    private String[] recipients;
    /** Where the recorded lookups of each recipient start (one more entry: the end). */
    private int[] lookupStarts;
    private Resolver resolver;
    private Resolver quiet;
    private LookupTable[] replayTables;
    private LookupTable handVirtualRe;
    private LookupTable handVirtual;
    private LookupTable handAliases;
    /** Alias values split into members, by value (as the resolver keeps them). */
    private final Map<String, String[]> handMembers = new HashMap<>();

    /** The kinds {@link #handWritten} can resolve: the list alias and the relay domain. */
    static final int[] HAND_WRITTEN_KINDS = {4, 5};
    private static final String SENDER = "sender@example.test";
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
        recipients = recipientSet.equals("fixed8") ? repeat(FIXED8) : spread(new Random(42));
        lookupStarts = new int[recipients.length + 1];
        for (int i = 0; i < recipients.length; i++) {
            String r = recipients[i];
            lookupStarts[i] = lookups.size();
            Resolution res = traced.resolve("sender@example.test", r);
            if (!res.delivered()) {
                throw new IllegalStateException("benchmark recipient not delivered: " + res);
            }
        }
        lookupStarts[recipients.length] = lookups.size();
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
        handVirtualRe = plain.get("regexp:" + dir.resolve("virtual.re"));
        handVirtual = plain.get("hash:" + dir.resolve("virtual"));
        handAliases = plain.get("hash:" + dir.resolve("aliases"));
        for (int kind : HAND_WRITTEN_KINDS) {
            for (int i = kind; i < recipients.length; i += 8) {
                List<String> engine = resolver.resolve(SENDER, recipients[i]).destinations().stream()
                        .map(d -> d.destination().format()).toList();
                List<String> hand;
                try {
                    hand = handWritten(kind, recipients[i]).destinations().stream()
                            .map(d -> d.destination().format()).toList();
                } catch (TableException e) {
                    throw new IOException(e);
                }
                if (!hand.equals(engine)) {
                    throw new IllegalStateException("hand-written resolution of " + recipients[i] + " gives " + hand
                            + ", the resolver " + engine);
                }
            }
        }
    }

    private static String[] repeat(String[] eight) {
        String[] out = new String[PER_INVOCATION];
        for (int i = 0; i < out.length; i++) {
            out[i] = eight[i % eight.length];
        }
        return out;
    }

    /** The eight kinds of {@link #FIXED8}, with users, extensions and domains drawn at random. */
    private static String[] spread(Random r) {
        String[] out = new String[PER_INVOCATION];
        for (int i = 0; i < out.length; i++) {
            int u = r.nextInt(100_000);
            out[i] = switch (i % 8) {
                case 0, 6 -> "user" + u + "@vdom" + u % 100 + ".example";
                case 1 -> "User" + u + "+tag" + r.nextInt(1000) + "@VDOM" + u % 100 + ".example";
                case 2 -> "postmaster@example.test";
                case 3 -> letters(r, 1 + r.nextInt(6)) + "." + letters(r, 1 + r.nextInt(6)) + "." + letters(r, 1 + r.nextInt(6))
                        + "@mail1.org";
                case 4 -> "team@example.test";
                case 5 -> "nobody" + u + "@far" + u % 50 + ".example";
                default -> "user" + u % 500 + "+x" + r.nextInt(1000) + "@example.test";
            };
        }
        return out;
    }

    private static String letters(Random r, int n) {
        char[] c = new char[n];
        for (int i = 0; i < n; i++) {
            c[i] = (char) ('a' + r.nextInt(26));
        }
        return new String(c);
    }

    /**
     * Performs the table lookups of the resolutions on the given keys (same order and tables
     * as {@link #lookupsOnly}); with fresh copies of the recorded keys, each lookup also pays
     * for hashing and folding a key it has not seen, as the resolution's own lookups do.
     *
     * @param keys one key per recorded lookup
     * @param bh the sink
     * @throws TableException never (the tables are local files)
     */
    void lookups(String[] keys, Blackhole bh) throws TableException {
        for (int r = 0; r < recipients.length; r++) {
            replay(r, keys, bh);
        }
    }

    /** Performs the recorded lookups of recipient {@code r} on {@code keys}, with one clock read. */
    private void replay(int r, String[] keys, Blackhole bh) throws TableException {
        boolean pinned = LookupClock.pin(System.nanoTime());
        try {
            for (int i = lookupStarts[r]; i < lookupStarts[r + 1]; i++) {
                bh.consume(replayTables[i].get(keys[i]));
            }
        } finally {
            LookupClock.unpin(pinned);
        }
    }

    /**
     * The lookups of {@link #lookupsOnly} with a clock read at each one, as a caller outside a
     * resolution makes them (and as resolutions made them before 2026-11-22).
     *
     * @param bh the sink
     * @throws TableException never (the tables are local files)
     */
    void lookupsEachReadingTheClock(Blackhole bh) throws TableException {
        LookupTable[] t = replayTables;
        String[] k = replayKeys;
        for (int i = 0; i < t.length; i++) {
            bh.consume(t[i].get(k[i]));
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

    /**
     * Resolves the recipients of one kind (index modulo 8), without explanations.
     *
     * @param kind 0 to 7
     * @param bh the sink
     */
    void resolveKind(int kind, Blackhole bh) {
        for (int i = kind; i < recipients.length; i += 8) {
            bh.consume(quiet.resolve("sender@example.test", recipients[i]));
        }
    }

    /**
     * Performs the table lookups of the resolutions of one kind.
     *
     * @param kind 0 to 7
     * @param bh the sink
     * @throws TableException never (the tables are local files)
     */
    void lookupsKind(int kind, Blackhole bh) throws TableException {
        for (int i = kind; i < recipients.length; i += 8) {
            replay(i, replayKeys, bh);
        }
    }

    /**
     * Resolves the recipients of one kind of {@link #HAND_WRITTEN_KINDS} with code written for
     * this configuration and kind alone: the same table lookups as the resolver (keys built
     * from the recipient at each call), the same destinations (checked in {@link #setUp}), and
     * nothing else, so no general rule is checked. One clock read per resolution, as the
     * resolver. What this costs above {@link #lookupsKind} is about the least a resolution of
     * the kind can cost above its lookups.
     *
     * @param kind 4 or 5
     * @param bh the sink
     * @throws TableException never (the tables are local files)
     */
    void handWrittenKind(int kind, Blackhole bh) throws TableException {
        for (int i = kind; i < recipients.length; i += 8) {
            boolean pinned = LookupClock.pin(System.nanoTime());
            try {
                bh.consume(handWritten(kind, recipients[i]));
            } finally {
                LookupClock.unpin(pinned);
            }
        }
    }

    private Resolution handWritten(int kind, String r) throws TableException {
        int at = r.lastIndexOf('@');
        String domain = r.substring(at + 1);
        if (handVirtualRe.get(r) != null || handVirtual.get(r) != null) {
            throw new IllegalStateException(r);
        }
        if (kind == 4) {
            // team@example.test: a local domain, so the bare local part is a virtual key too
            String local = r.substring(0, at);
            if (handVirtual.get(local) != null || handVirtual.get("@" + domain) != null) {
                throw new IllegalStateException(r);
            }
            String name = local.toLowerCase(Locale.ROOT);
            String value = handAliases.get(name);
            handAliases.get("owner-" + name);
            String[] members = handMembers.computeIfAbsent(value, v -> v.split(",\\s*"));
            Resolved[] out = new Resolved[members.length];
            for (int m = 0; m < members.length; m++) {
                if (handAliases.get(members[m]) != null) {
                    throw new IllegalStateException(members[m]);
                }
                out[m] = new Resolved(new Destination.LocalMailbox(r, members[m], "/var/mail/" + members[m], false),
                        List.of());
            }
            return new Resolution(r, SENDER, List.of(out), List.of());
        }
        // nobodyN@farM.example: no alias, not a virtual alias domain (the domain and its parent
        // are looked up as the resolver's first look at the domain does), the default transport
        if (handVirtual.get("@" + domain) != null || handVirtualRe.get(domain) != null
                || handVirtual.get(domain) != null || handVirtual.get(domain.substring(domain.indexOf('.'))) != null) {
            throw new IllegalStateException(r);
        }
        return new Resolution(r, SENDER, List.of(new Resolved(new Destination.Relay(r, "smtp", domain), List.of())),
                List.of());
    }

    /** @return an example recipient of one kind */
    String example(int kind) {
        return recipients[kind];
    }

    /** @return the number of table lookups that the resolutions of one invocation perform */
    int lookupCount() {
        return replayKeys.length;
    }

    /**
     * Resolves the recipients.
     *
     * @param bh the sink
     */
    @Benchmark
    @OperationsPerInvocation(PER_INVOCATION)
    public void resolve(Blackhole bh) {
        for (String r : recipients) {
            bh.consume(resolver.resolve("sender@example.test", r));
        }
    }

    /**
     * Resolves the recipients without recording explanations.
     *
     * @param bh the sink
     */
    @Benchmark
    @OperationsPerInvocation(PER_INVOCATION)
    public void resolveWithoutExplanation(Blackhole bh) {
        for (String r : recipients) {
            bh.consume(quiet.resolve("sender@example.test", r));
        }
    }

    /**
     * Performs only the table lookups of those resolutions, each resolution's with one clock
     * read (the tables' freshness checks share it, as in the resolution).
     *
     * @param bh the sink
     * @throws TableException never (the tables are local files)
     */
    @Benchmark
    @OperationsPerInvocation(PER_INVOCATION)
    public void lookupsOnly(Blackhole bh) throws TableException {
        lookups(replayKeys, bh);
    }
}
