package dev.mailroom.bench;

import dev.mailroom.table.LookupTable;
import dev.mailroom.table.LookupTables;
import dev.mailroom.table.TableOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/** JMH: one lookup in a 100,000-entry hash source (hit, miss, key needing case folding). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HashLookupBenchmark {

    private LookupTable table;
    private Path file;

    /**
     * Writes and opens the table.
     *
     * @throws IOException when the temp file cannot be written
     */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        file = Files.createTempFile("mailroom-hash", ".txt");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            sb.append("user").append(i).append("@domain").append(i % 997).append(".example relay").append(i % 50).append('\n');
        }
        Files.writeString(file, sb);
        table = LookupTables.open("hash:" + file, TableOptions.builder().warnings(w -> { }).build());
    }

    /**
     * Removes the source (the table checks it once a second).
     *
     * @throws IOException when it cannot be removed
     */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        Files.deleteIfExists(file);
    }

    /** @return the value of a present, lower-case key */
    @Benchmark
    public String hit() throws Exception {
        return table.get("user4242@domain252.example");
    }

    /** @return null: an absent key */
    @Benchmark
    public String miss() throws Exception {
        return table.get("nobody@nowhere.example");
    }

    /** @return the value of a present key given in upper case */
    @Benchmark
    public String hitFolded() throws Exception {
        return table.get("USER4242@DOMAIN252.EXAMPLE");
    }
}
