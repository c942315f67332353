package dev.mailroom.mailbox.interop;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.mailroom.mailbox.DeliveryOptions;
import dev.mailroom.mailbox.DeliveryResult;
import dev.mailroom.mailbox.Envelope;
import dev.mailroom.mailbox.LockMethod;
import dev.mailroom.mailbox.Maildir;
import dev.mailroom.mailbox.MboxEntry;
import dev.mailroom.mailbox.MboxReader;
import dev.mailroom.mailbox.MboxWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Concurrent processes, a writer killed with SIGKILL, a full file system. */
final class MboxRobustnessIT {

    private static final Pattern SUBJECT = Pattern.compile("Subject: w(\\d+) n(\\d+)\n");

    @TempDir
    Path dir;

    /** Checks that every message is one worker's message, whole; returns "id:n" keys. */
    private static List<String> check(Path mbox, int padding) throws IOException {
        List<String> keys = new ArrayList<>();
        try (MboxReader r = MboxReader.open(mbox)) {
            for (MboxEntry e : r) {
                String text = new String(r.readMessage(e), ISO_8859_1);
                Matcher m = SUBJECT.matcher(text);
                assertTrue(m.find(), "message " + e.number() + " has no worker subject: " + text);
                int id = Integer.parseInt(m.group(1));
                long n = Long.parseLong(m.group(2));
                String expected = AppendWorker.message(id, n, padding);
                assertTrue(text.endsWith(expected), "message " + e.number() + " is not whole");
                assertEquals("w" + id + "@example.test", e.from().sender());
                assertFalse(e.truncated());
                keys.add(id + ":" + n);
            }
        }
        return keys;
    }

    @Test
    void eightProcessesThousandAppendsEach_allIntact() throws Exception {
        Path mbox = dir.resolve("shared.mbox");
        List<Process> ps = new ArrayList<>();
        for (int id = 1; id <= 8; id++) {
            ps.add(Tools.java(AppendWorker.class, mbox.toString(), String.valueOf(id), "1000", "3", "500")
                    .redirectOutput(dir.resolve("worker" + id + ".log").toFile()).start());
        }
        for (int k = 0; k < ps.size(); k++) {
            Process p = ps.get(k);
            assertTrue(p.waitFor(280, TimeUnit.SECONDS), "worker " + (k + 1) + " did not finish");
            assertEquals(0, p.exitValue(), Files.readString(dir.resolve("worker" + (k + 1) + ".log")));
        }
        List<String> keys = check(mbox, 3);
        assertEquals(8000, keys.size());
        assertEquals(8000, new HashSet<>(keys).size());
        assertFalse(Files.exists(dir.resolve("shared.mbox.lock")));
    }

    @Test
    void writerKilledMidAppend_mailboxReadsClean_nextWriterRecovers() throws Exception {
        Path mbox = dir.resolve("crash.mbox");
        int padding = 12_000; // about 0.9 MiB a message, so that kills can land inside a write
        for (int round = 1; round <= 3; round++) {
            long before = Files.exists(mbox) ? Files.size(mbox) : 0;
            Process p = Tools.java(AppendWorker.class, mbox.toString(), String.valueOf(round), "-1",
                    String.valueOf(padding), "1").redirectOutput(dir.resolve("crash.log").toFile()).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while ((!Files.exists(mbox) || Files.size(mbox) < before + 6_000_000) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            p.destroyForcibly(); // SIGKILL
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            // the next writer removes the stale lock (1 s) and any unfinished record
            Thread.sleep(1100);
            MboxWriter w = new MboxWriter(DeliveryOptions.DEFAULTS.withLocking(
                    List.of(LockMethod.FCNTL, LockMethod.DOTLOCK), 100, Duration.ofMillis(50), Duration.ofSeconds(1)));
            DeliveryResult r = w.deliver(mbox, Envelope.of("w99@example.test", "alice@example.test"),
                    AppendWorker.message(99, round, padding).getBytes(ISO_8859_1));
            assertTrue(r.delivered(), r.text());
            List<String> keys = check(mbox, padding);
            assertEquals("99:" + round, keys.get(keys.size() - 1));
        }
    }

    @Test
    void fullDisk_mboxAndMaildir_clearError_mailboxUnchanged() throws Exception {
        Path mnt = Files.createDirectory(dir.resolve("tmpfs"));
        Tools.Result mount = Tools.run(List.of("mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", mnt.toString()),
                null, Map.of());
        if (mount.code() != 0) {
            fail("this test needs root to mount a small tmpfs (mount -t tmpfs): " + mount.err());
        }
        try {
            Path mbox = mnt.resolve("full.mbox");
            MboxWriter w = new MboxWriter(DeliveryOptions.DEFAULTS);
            byte[] msg = ("Subject: big\n\n" + "y".repeat(70_000) + "\n").getBytes(ISO_8859_1);
            DeliveryResult r;
            int delivered = 0;
            long before;
            do {
                before = Files.exists(mbox) ? Files.size(mbox) : 0;
                r = w.deliver(mbox, Envelope.of("s@x", "alice@x"), msg);
                if (r.delivered()) {
                    delivered++;
                }
            } while (r.delivered() && delivered < 100);
            assertEquals(DeliveryResult.Outcome.DEFERRED, r.outcome(), r.text());
            assertEquals("4.3.0", r.dsn());
            assertEquals("cannot update mailbox " + mbox + " for user alice. error writing message: No space left on device",
                    r.text());
            assertEquals(before, Files.size(mbox));
            try (MboxReader rd = MboxReader.open(mbox)) {
                assertEquals(delivered, rd.index().size());
            }
            assertFalse(Files.exists(mnt.resolve("full.mbox.lock")));

            Files.delete(mbox);
            Maildir md = Maildir.create(mnt.resolve("Maildir"));
            int n = 0;
            do {
                r = md.deliver(Envelope.of("s@x", "alice@x"), msg, DeliveryOptions.DEFAULTS);
                if (r.delivered()) {
                    n++;
                }
            } while (r.delivered() && n < 100);
            assertEquals("4.3.0", r.dsn(), r.text());
            assertTrue(r.text().startsWith("maildir delivery failed: "), r.text());
            assertEquals(n, md.list().size());
            try (var tmp = Files.list(mnt.resolve("Maildir/tmp"))) {
                assertEquals(0, tmp.count());
            }
            Set<Path> none = Set.of();
            assertEquals(none, Set.copyOf(md.cleanTmp(Duration.ZERO)));
        } finally {
            Tools.run(List.of("umount", mnt.toString()), null, Map.of());
        }
    }
}
