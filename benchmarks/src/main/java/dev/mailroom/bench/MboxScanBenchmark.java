package dev.mailroom.bench;

import dev.mailroom.mailbox.FromLine;
import dev.mailroom.mailbox.MboxReader;
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

/** JMH: scanning a 64 MiB mbox from the page cache, and parsing From_ lines. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = "-Xmx64m")
public class MboxScanBenchmark {

    private Path file;

    /** Generates the file. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        file = Files.createTempFile("mailroom-bench", ".mbox");
        MailboxHarness.generate(file, 64L << 20);
    }

    /** Removes the file. */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        Files.deleteIfExists(file);
    }

    /** Count, sender and offsets of every message. */
    @Benchmark
    public long scan() throws IOException {
        return MailboxHarness.mailroom(file);
    }

    /** Parsing one Postfix From_ line. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public FromLine parseFromLine() {
        return FromLine.parse("From sender@example.test  Sat Nov 21 20:49:20 2026");
    }
}
