package dev.mailroom.mailbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailroom.mailbox.internal.MailboxLocks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mailbox_delivery_lock = flock}: the lock mailroom holds is a real {@code flock()} lock,
 * seen by util-linux's {@code flock(1)} (as by Postfix's local(8) and mail readers that use
 * flock), and a lock held elsewhere makes the delivery wait, then defer.
 */
@Timeout(60)
final class FlockDeliveryTest {

    private static final DeliveryOptions FLOCK = DeliveryOptions.DEFAULTS
            .withLocking(List.of(LockMethod.FLOCK), 1, Duration.ofMillis(10), Duration.ofSeconds(500));

    @TempDir
    Path dir;

    /** Runs {@code flock -n FILE true}: 0 when the lock is free, 1 when someone holds it. */
    private static int tryFlock(Path file) throws IOException, InterruptedException {
        return new ProcessBuilder("flock", "--exclusive", "--nonblock", file.toString(), "true").start().waitFor();
    }

    /** Holds a flock on the file from another process until the returned process is destroyed. */
    private static Process holdElsewhere(Path file) throws IOException {
        // --no-fork: one process holds the lock, so destroying it releases the lock
        Process p = new ProcessBuilder("flock", "--exclusive", "--no-fork", file.toString(), "sh", "-c",
                "echo held; exec sleep 30").start();
        assertEquals('h', p.getInputStream().read(), "the other holder took the lock");
        return p;
    }

    @Test
    void heldLock_isAFlockLockOthersSee_andCloseReleasesIt() throws Exception {
        Path file = Files.writeString(dir.resolve("mbox"), "");
        assertEquals(0, tryFlock(file));
        MailboxLocks.Flock lock = MailboxLocks.flock(file, 1, Duration.ZERO);
        try {
            assertTrue(lock.isHeld());
            assertEquals(1, tryFlock(file));
        } finally {
            lock.close();
        }
        assertFalse(lock.isHeld());
        assertEquals(0, tryFlock(file));
    }

    @Test
    void lockHeldElsewhere_defers420_andLeavesTheMboxAsItWas() throws Exception {
        Path mbox = dir.resolve("mbox");
        new MboxWriter(FLOCK).deliver(mbox, Envelope.of("a@x", "b@x"), "Subject: 1\n\none\n".getBytes(StandardCharsets.US_ASCII));
        byte[] before = Files.readAllBytes(mbox);
        Process other = holdElsewhere(mbox);
        try {
            DeliveryResult r = new MboxWriter(FLOCK).deliver(mbox, Envelope.of("a@x", "b@x"),
                    "Subject: 2\n\ntwo\n".getBytes(StandardCharsets.US_ASCII));
            assertFalse(r.delivered(), r.toString());
            assertEquals("4.2.0", r.dsn());
            assertTrue(r.text().contains("Resource temporarily unavailable"), r.text());
            assertArrayEquals(before, Files.readAllBytes(mbox));
        } finally {
            other.destroy();
            assertTrue(other.waitFor(10, TimeUnit.SECONDS));
        }
        assertEquals(0, tryFlock(mbox), "no lock is left behind");
    }

    @Test
    void lockHeldElsewhere_isWaitedFor_whileAttemptsRemain() throws Exception {
        Path mbox = Files.writeString(dir.resolve("mbox"), "");
        Process other = holdElsewhere(mbox);
        Thread release = new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            other.destroy();
        });
        release.setDaemon(true);
        release.start();
        DeliveryOptions patient = FLOCK.withLocking(List.of(LockMethod.FLOCK, LockMethod.DOTLOCK), 50,
                Duration.ofMillis(50), Duration.ofSeconds(500));
        DeliveryResult r = new MboxWriter(patient).deliver(mbox, Envelope.of("a@x", "b@x"),
                "Subject: 3\n\nthree\n".getBytes(StandardCharsets.US_ASCII));
        release.join();
        assertTrue(r.delivered(), r.toString());
        assertTrue(Files.readString(mbox).contains("Subject: 3"));
        assertEquals(0, tryFlock(mbox));
        assertFalse(Files.exists(dir.resolve("mbox.lock")));
    }
}
