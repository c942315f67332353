package dev.mailroom.bench;

import java.io.IOException;
import org.openjdk.jmh.infra.Blackhole;

/**
 * A quick, contention-tolerant companion to {@link ResolveBenchmark}: runs both halves
 * alternately and keeps the best round of each (on a shared machine the best round is the
 * one least disturbed). Run with
 * {@code java -cp benchmarks/target/benchmarks.jar dev.mailroom.bench.ResolveOverhead}.
 */
public final class ResolveOverhead {

    private ResolveOverhead() {
    }

    /**
     * Prints the time per resolution, per replay of its lookups, and their ratio.
     *
     * @param args ignored
     * @throws IOException when the benchmark files cannot be written
     */
    public static void main(String[] args) throws IOException {
        ResolveBenchmark b = new ResolveBenchmark();
        b.setUp();
        Blackhole bh = new Blackhole(
                "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
        long bestResolve = Long.MAX_VALUE;
        long bestLookups = Long.MAX_VALUE;
        long bestQuiet = Long.MAX_VALUE;
        long bestFresh = Long.MAX_VALUE;
        int n = 5000;
        for (int round = 0; round < 40; round++) {
            long t = System.nanoTime();
            for (int i = 0; i < n; i++) {
                b.resolve(bh);
            }
            bestResolve = Math.min(bestResolve, (System.nanoTime() - t) / n / ResolveBenchmark.RECIPIENTS.length);
            t = System.nanoTime();
            for (int i = 0; i < n; i++) {
                b.resolveWithoutExplanation(bh);
            }
            bestQuiet = Math.min(bestQuiet, (System.nanoTime() - t) / n / ResolveBenchmark.RECIPIENTS.length);
            t = System.nanoTime();
            try {
                for (int i = 0; i < n; i++) {
                    b.lookupsOnly(bh);
                }
            } catch (dev.mailroom.table.TableException e) {
                throw new IOException(e);
            }
            bestLookups = Math.min(bestLookups, (System.nanoTime() - t) / n / ResolveBenchmark.RECIPIENTS.length);
            String[][] fresh = new String[n][];
            for (int i = 0; i < n; i++) {
                fresh[i] = b.freshKeys();
            }
            t = System.nanoTime();
            try {
                for (int i = 0; i < n; i++) {
                    b.lookups(fresh[i], bh);
                }
            } catch (dev.mailroom.table.TableException e) {
                throw new IOException(e);
            }
            bestFresh = Math.min(bestFresh, (System.nanoTime() - t) / n / ResolveBenchmark.RECIPIENTS.length);
        }
        System.out.printf("table lookups per resolution: %.1f%n",
                (double) b.lookupCount() / ResolveBenchmark.RECIPIENTS.length);
        System.out.printf("per resolution: resolve %d ns, its lookups alone %d ns, ratio %.2f%n", bestResolve,
                bestLookups, (double) bestResolve / bestLookups);
        System.out.printf("without explanation: %d ns, ratio %.2f%n", bestQuiet, (double) bestQuiet / bestLookups);
        System.out.printf("its lookups on fresh key strings (hash not cached, as in a resolution): %d ns;"
                + " ratios %.2f and %.2f without explanation%n", bestFresh, (double) bestResolve / bestFresh,
                (double) bestQuiet / bestFresh);
    }
}
