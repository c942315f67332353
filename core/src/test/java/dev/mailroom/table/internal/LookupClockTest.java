package dev.mailroom.table.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailroom.table.LookupTable;
import dev.mailroom.table.LookupTables;
import dev.mailroom.table.TableOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A pinned moment stands in for the clock in the tables' freshness checks of one thread. */
@Timeout(30)
final class LookupClockTest {

    @TempDir
    Path dir;

    @Test
    void pinnedMoment_holdsTheFreshnessCheckBack_untilUnpinned() throws Exception {
        Path file = dir.resolve("v");
        Files.writeString(file, "k old\n");
        LookupTable table = LookupTables.open("hash:" + file,
                TableOptions.builder().reloadCheckInterval(Duration.ofMillis(500)).build());
        boolean pinned = LookupClock.pin(System.nanoTime());
        try {
            Files.writeString(file, "k new\n");
            Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + 5000));
            Thread.sleep(700);
            // the clock has passed the check, the pinned moment has not
            assertEquals("old", table.get("k"));
        } finally {
            LookupClock.unpin(pinned);
        }
        assertEquals("new", table.get("k"));
    }

    @Test
    void pin_keepsTheOuterMoment_whenOneIsPinnedAlready() {
        boolean outer = LookupClock.pin(100);
        try {
            assertTrue(outer);
            boolean inner = LookupClock.pin(200);
            assertFalse(inner);
            assertEquals(100, LookupClock.now());
            LookupClock.unpin(inner);
            assertEquals(100, LookupClock.now());
        } finally {
            LookupClock.unpin(outer);
        }
        assertNotEquals(100, LookupClock.now());
    }

    @Test
    void pin_isPerThread() throws Exception {
        boolean pinned = LookupClock.pin(100);
        try {
            long[] seen = new long[1];
            Thread t = new Thread(() -> seen[0] = LookupClock.now());
            t.start();
            t.join();
            assertNotEquals(100, seen[0]);
        } finally {
            LookupClock.unpin(pinned);
        }
    }
}
