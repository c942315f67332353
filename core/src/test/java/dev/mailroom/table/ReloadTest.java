package dev.mailroom.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Tables notice a changed source on the next lookup, and stay consistent under threads. */
@Timeout(30)
final class ReloadTest {

    @TempDir
    Path dir;

    @Test
    void lookup_seesNewContent_afterTheFileChanged() throws IOException {
        TableTestSupport t = new TableTestSupport(dir);
        Path file = t.write("v", "k old\n");
        LookupTable table = t.open("hash:" + file);
        assertEquals("old", table.get("k"));
        Files.writeString(file, "k new\n");
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + 5000));
        assertEquals("new", table.get("k"));
    }

    @Test
    void lookup_reloadsRegexpTables_whenOnlyTheSizeChanged() throws IOException {
        TableTestSupport t = new TableTestSupport(dir);
        Path file = t.write("re", "/^a/ one\n");
        FileTime fixed = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(file, fixed);
        LookupTable table = t.open("regexp:" + file);
        assertEquals("one", table.get("a"));
        Files.writeString(file, "/^a/ other\n");
        Files.setLastModifiedTime(file, fixed);
        assertEquals("other", table.get("a"));
    }

    @Test
    void lookup_waitsForTheCheckInterval_beforeStatingAgain() throws IOException {
        TableTestSupport t = new TableTestSupport(dir);
        Path file = t.write("v", "k old\n");
        LookupTable table = LookupTables.open("hash:" + file, t.options().reloadCheckInterval(Duration.ofHours(1)).build());
        Files.writeString(file, "k newer\n");
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + 5000));
        assertEquals("old", table.get("k"));
    }

    @Test
    void lookup_fails_whenTheSourceDisappears() throws IOException {
        TableTestSupport t = new TableTestSupport(dir);
        Path file = t.write("v", "k v\n");
        LookupTable table = t.open("hash:" + file);
        Files.delete(file);
        TableException e = assertThrows(TableException.class, () -> table.get("k"));
        assertEquals("open " + file + ": No such file or directory", e.getMessage());
    }

    @Test
    void concurrentLookups_seeEitherTheOldOrTheNewContent_duringReloads() throws Exception {
        TableTestSupport t = new TableTestSupport(dir);
        StringBuilder a = new StringBuilder();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            a.append("key").append(i).append(" a\n");
            b.append("key").append(i).append(" b\n");
        }
        Path file = t.write("big", a.toString());
        LookupTable table = t.open("hash:" + file);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int w = 0; w < 3; w++) {
                results.add(pool.submit(() -> {
                    int seen = 0;
                    for (int i = 0; i < 20_000; i++) {
                        String v = table.get("KEY" + (i % 2000));
                        if (!"a".equals(v) && !"b".equals(v)) {
                            throw new AssertionError("torn read: " + v);
                        }
                        seen++;
                    }
                    return seen;
                }));
            }
            for (int i = 0; i < 10; i++) {
                // replaced atomically, as an operator (or postmap) replaces a table
                Path tmp = dir.resolve("big.tmp");
                Files.writeString(tmp, i % 2 == 0 ? b.toString() : a.toString());
                Files.setLastModifiedTime(tmp, FileTime.fromMillis(System.currentTimeMillis() + 1000L * (i + 1)));
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            for (Future<Integer> f : results) {
                assertEquals(20_000, f.get());
            }
        } finally {
            pool.shutdown();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
    }
}
