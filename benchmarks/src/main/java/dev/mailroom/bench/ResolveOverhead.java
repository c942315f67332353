package dev.mailroom.bench;

import dev.mailroom.table.TableException;
import java.io.IOException;
import org.openjdk.jmh.infra.Blackhole;

/**
 * A quick, contention-tolerant companion to {@link ResolveBenchmark}: runs both halves
 * alternately and keeps the best round of each (on a shared machine the best round is the
 * one least disturbed). Run with
 * {@code java -cp benchmarks/target/benchmarks.jar dev.mailroom.bench.ResolveOverhead [spread|fixed8]}.
 */
public final class ResolveOverhead {

    private ResolveOverhead() {
    }

    /**
     * Prints, for each recipient set of {@link ResolveBenchmark}, the time per resolution, per
     * replay of its lookups, and their ratio.
     *
     * @param args the recipient sets to run ({@code spread}, {@code fixed8}); both when none
     * @throws IOException when the benchmark files cannot be written
     */
    public static void main(String[] args) throws IOException {
        for (String set : args.length == 0 ? new String[] {"spread", "fixed8"} : args) {
            run(set);
        }
    }

    /** One invocation of a measured operation (its index within the round given). */
    @FunctionalInterface
    private interface Invocation {
        void run(int i) throws TableException;
    }

    /** @return nanoseconds per item of {@code n} invocations of {@code op}, {@code items} items each */
    private static long time(int n, long items, Invocation op) throws IOException {
        long t = System.nanoTime();
        try {
            for (int i = 0; i < n; i++) {
                op.run(i);
            }
        } catch (TableException e) {
            throw new IOException(e);
        }
        return (System.nanoTime() - t) / (n * items);
    }

    private static void run(String set) throws IOException {
        ResolveBenchmark b = new ResolveBenchmark();
        b.recipientSet = set;
        b.setUp();
        Blackhole bh = new Blackhole(
                "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
        long bestResolve = Long.MAX_VALUE;
        long bestLookups = Long.MAX_VALUE;
        long bestQuiet = Long.MAX_VALUE;
        long bestFresh = Long.MAX_VALUE;
        long bestClocked = Long.MAX_VALUE;
        int n = 20;
        int per = ResolveBenchmark.PER_INVOCATION;
        for (int round = 0; round < 40; round++) {
            bestResolve = Math.min(bestResolve, time(n, per, i -> b.resolve(bh)));
            bestQuiet = Math.min(bestQuiet, time(n, per, i -> b.resolveWithoutExplanation(bh)));
            bestLookups = Math.min(bestLookups, time(n, per, i -> b.lookupsOnly(bh)));
            bestClocked = Math.min(bestClocked, time(n, per, i -> b.lookupsEachReadingTheClock(bh)));
            String[][] fresh = new String[n][];
            for (int i = 0; i < n; i++) {
                fresh[i] = b.freshKeys();
            }
            bestFresh = Math.min(bestFresh, time(n, per, i -> b.lookups(fresh[i], bh)));
        }
        System.out.printf("%n[%s] table lookups per resolution: %.1f%n", set,
                (double) b.lookupCount() / ResolveBenchmark.PER_INVOCATION);
        System.out.printf("per resolution: resolve %d ns, its lookups alone %d ns, ratio %.2f%n", bestResolve,
                bestLookups, (double) bestResolve / bestLookups);
        System.out.printf("without explanation: %d ns, ratio %.2f%n", bestQuiet, (double) bestQuiet / bestLookups);
        System.out.printf("its lookups on fresh key strings (hash not cached, as in a resolution): %d ns;"
                + " ratios %.2f and %.2f without explanation%n", bestFresh, (double) bestResolve / bestFresh,
                (double) bestQuiet / bestFresh);
        System.out.printf("the same lookups each reading the clock (as before 2026-11-22): %d ns;"
                + " ratios %.2f and %.2f without explanation%n", bestClocked, (double) bestResolve / bestClocked,
                (double) bestQuiet / bestClocked);
        System.out.println("by kind, without explanation (best of 20 rounds): resolve, lookups, ratio, example");
        int count = ResolveBenchmark.PER_INVOCATION / 8;
        // warm the per-kind loops first: without this, the kind measured first paid for their
        // compilation (it showed two to three times the time of the same kind measured later)
        for (int round = 0; round < 5; round++) {
            for (int kind = 0; kind < 8; kind++) {
                int k = kind;
                time(n, count, i -> b.resolveKind(k, bh));
                time(n, count, i -> b.lookupsKind(k, bh));
            }
        }
        for (int kind = 0; kind < 8; kind++) {
            int k = kind;
            long r = Long.MAX_VALUE;
            long l = Long.MAX_VALUE;
            for (int round = 0; round < 20; round++) {
                r = Math.min(r, time(n, count, i -> b.resolveKind(k, bh)));
                l = Math.min(l, time(n, count, i -> b.lookupsKind(k, bh)));
            }
            System.out.printf("  %5d ns %5d ns %5.2f  %s%n", r, l, (double) r / l, b.example(kind));
        }
        System.out.println("hand-written resolutions of two kinds, same lookups and destinations (best of 20 rounds"
                + " after 5): hand-written, lookups, ratio; the resolver's ratio");
        for (int kind : ResolveBenchmark.HAND_WRITTEN_KINDS) {
            long h = Long.MAX_VALUE;
            long l = Long.MAX_VALUE;
            long r = Long.MAX_VALUE;
            for (int round = 0; round < 25; round++) {
                long ht = time(n, count, i -> b.handWrittenKind(kind, bh));
                long lt = time(n, count, i -> b.lookupsKind(kind, bh));
                long rt = time(n, count, i -> b.resolveKind(kind, bh));
                if (round >= 5) {
                    h = Math.min(h, ht);
                    l = Math.min(l, lt);
                    r = Math.min(r, rt);
                }
            }
            System.out.printf("  %5d ns %5d ns %5.2f; %5.2f  %s%n", h, l, (double) h / l, (double) r / l, b.example(kind));
        }
    }
}
