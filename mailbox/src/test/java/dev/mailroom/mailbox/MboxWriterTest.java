package dev.mailroom.mailbox;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class MboxWriterTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-21T20:49:20Z"), ZoneId.of("UTC"));
    private static final DeliveryOptions OPTIONS = DeliveryOptions.DEFAULTS.withClock(CLOCK)
            .withLocking(List.of(LockMethod.FCNTL, LockMethod.DOTLOCK), 3, Duration.ofMillis(10), Duration.ofSeconds(500));

    @TempDir
    Path dir;

    private static byte[] bytes(String s) {
        return s.getBytes(ISO_8859_1);
    }

    @Test
    void deliver_vectorF1andF3_postfixRecordByteForByte() throws IOException {
        Path mbox = dir.resolve("alice");
        String message = "Subject: test\n\nFrom the start of a line\n>From already quoted\n From indented\nFrom\n"
                + "Last line without newline";
        DeliveryResult r = new MboxWriter(OPTIONS).deliver(mbox,
                new Envelope("sender@example.test", "alice@mx.example.test", "alice"), bytes(message));
        assertTrue(r.delivered());
        assertEquals("2.0.0", r.dsn());
        assertEquals("From sender@example.test  Sat Nov 21 20:49:20 2026\n"
                + "Return-Path: <sender@example.test>\n"
                + "X-Original-To: alice\n"
                + "Delivered-To: alice@mx.example.test\n"
                + "Subject: test\n\n>From the start of a line\n>From already quoted\n From indented\nFrom\n"
                + "Last line without newline\n\n", Files.readString(mbox, ISO_8859_1));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(mbox)));
        assertFalse(Files.exists(dir.resolve("alice.lock")));
    }

    @Test
    void deliver_vectorF4_nullSenderAsMailerDaemon_zoneOfClock() throws IOException {
        Path mbox = dir.resolve("bob");
        Clock paris = Clock.fixed(Instant.parse("2026-11-01T20:49:20Z"), ZoneId.of("Europe/Paris"));
        new MboxWriter(OPTIONS.withClock(paris)).deliver(mbox, Envelope.of("", "bob@x"), bytes("Subject: b\n\nx\n"));
        assertEquals("From MAILER-DAEMON  Sun Nov  1 21:49:20 2026\nReturn-Path: <>\nDelivered-To: bob@x\n"
                + "Subject: b\n\nx\n\n", Files.readString(mbox, ISO_8859_1));
    }

    @Test
    void deliver_mboxrdOnRequest_quotesQuotedLinesToo() throws IOException {
        Path mbox = dir.resolve("rd");
        new MboxWriter(OPTIONS.withQuoting(MboxFormat.MBOXRD).withHeaders(false, false))
                .deliver(mbox, Envelope.of("a@x", "b@x"), bytes("S: 1\n\nFrom a\n>From b\n>>From c\nFromage\n"));
        assertTrue(Files.readString(mbox, ISO_8859_1).endsWith("Return-Path: <a@x>\nS: 1\n\n>From a\n>>From b\n>>>From c\nFromage\n\n"));
        try (MboxReader r = MboxReader.open(mbox, MboxFormat.MBOXRD)) {
            assertEquals("S: 1\n\nFrom a\n>From b\n>>From c\nFromage\n",
                    new String(r.readMessage(r.index().get(1)), ISO_8859_1).replace("Return-Path: <a@x>\n", ""));
        }
    }

    @Test
    void deliver_quotesLocalPartThatIsNotAnAtom() throws IOException {
        Path mbox = dir.resolve("q");
        new MboxWriter(OPTIONS).deliver(mbox, Envelope.of("john doe@example.test", "b@x"), bytes("S: 1\n\nx\n"));
        assertTrue(Files.readString(mbox).startsWith("From \"john doe\"@example.test  Sat Nov 21 20:49:20 2026\n"
                + "Return-Path: <\"john doe\"@example.test>\n"));
    }

    @Test
    void deliver_vectorF6_mailboxSizeLimit_bounces522_fileUnchanged() throws IOException {
        Path mbox = dir.resolve("bob");
        MboxWriter w = new MboxWriter(OPTIONS.withSizeLimits(2500, 1000));
        byte[] msg = bytes("Subject: s\n\n" + "x".repeat(300) + "\n");
        int delivered = 0;
        DeliveryResult last = null;
        for (int k = 0; k < 10; k++) {
            last = w.deliver(mbox, Envelope.of("s@x", "bob@x"), msg);
            if (!last.delivered()) {
                break;
            }
            delivered++;
        }
        long size = Files.size(mbox);
        assertTrue(size <= 2500);
        assertEquals(DeliveryResult.Outcome.BOUNCED, last.outcome());
        assertEquals("5.2.2", last.dsn());
        assertEquals("cannot update mailbox " + mbox + " for user bob. error writing message: File too large", last.text());
        try (MboxReader r = MboxReader.open(mbox)) {
            assertEquals(delivered, r.index().size());
        }
        assertEquals(size, Files.size(mbox));
    }

    @Test
    void deliver_messageSizeLimit_bounces() {
        DeliveryResult r = new MboxWriter(OPTIONS.withSizeLimits(0, 10)).deliver(dir.resolve("m"),
                Envelope.of("s@x", "b@x"), bytes("Subject: more than ten\n\n"));
        assertEquals("5.3.4", r.dsn());
        assertEquals(DeliveryResult.Outcome.BOUNCED, r.outcome());
        assertFalse(Files.exists(dir.resolve("m")));
    }

    @Test
    void deliver_busyDotlock_defers420_andLeavesLockAlone() throws IOException {
        Path mbox = dir.resolve("busy");
        Path lock = Files.createFile(dir.resolve("busy.lock"));
        DeliveryResult r = new MboxWriter(OPTIONS).deliver(mbox, Envelope.of("s@x", "b@x"), bytes("S: 1\n\nx\n"));
        assertEquals(DeliveryResult.Outcome.DEFERRED, r.outcome());
        assertEquals("4.2.0", r.dsn());
        assertTrue(r.text().contains("unable to create lock file " + lock), r.text());
        assertTrue(Files.exists(lock));
        assertFalse(Files.exists(mbox));
    }

    @Test
    void deliver_staleDotlock_removedAndDelivered() throws IOException {
        Path mbox = dir.resolve("stale");
        Files.createFile(dir.resolve("stale.lock"));
        Clock later = Clock.offset(Clock.systemUTC(), Duration.ofSeconds(501));
        DeliveryResult r = new MboxWriter(OPTIONS.withClock(later)).deliver(mbox, Envelope.of("s@x", "b@x"), bytes("S: 1\n\nx\n"));
        assertTrue(r.delivered(), r.text());
        assertFalse(Files.exists(dir.resolve("stale.lock")));
    }

    @Test
    void deliver_afterKilledWriter_staleLockJournal_cutsUnfinishedRecord() throws IOException {
        Path mbox = dir.resolve("crashed");
        String good = "From a@x  Sat Nov 21 20:49:20 2026\nSubject: ok\n\nfine\n\n";
        Files.writeString(mbox, good + "From b@x  Sat Nov 21 20:49:21 2026\nSubject: half\n\nwritten un");
        Files.writeString(dir.resolve("crashed.lock"), "mailroom pid=99999 length=" + good.length() + "\n");
        Clock later = Clock.offset(Clock.systemUTC(), Duration.ofSeconds(501));
        DeliveryResult r = new MboxWriter(OPTIONS.withClock(later)).deliver(mbox, Envelope.of("c@x", "b@x"),
                bytes("Subject: next\n\nx\n"));
        assertTrue(r.delivered(), r.text());
        try (MboxReader rd = MboxReader.open(mbox)) {
            assertEquals(2, rd.index().size());
            assertEquals("a@x", rd.index().get(1).from().sender());
            assertEquals("c@x", rd.index().get(2).from().sender());
        }
    }

    @Test
    void deliver_afterKilledWriterThatFinished_keepsItsRecord() throws IOException {
        Path mbox = dir.resolve("finished");
        String good = "From a@x  Sat Nov 21 20:49:20 2026\nSubject: ok\n\nfine\n\n";
        Files.writeString(mbox, good + good);
        Files.writeString(dir.resolve("finished.lock"), "mailroom pid=99999 length=" + good.length() + "\n");
        Clock later = Clock.offset(Clock.systemUTC(), Duration.ofSeconds(501));
        assertTrue(new MboxWriter(OPTIONS.withClock(later)).deliver(mbox, Envelope.of("c@x", "b@x"),
                bytes("Subject: next\n\nx\n")).delivered());
        try (MboxReader rd = MboxReader.open(mbox)) {
            assertEquals(3, rd.index().size());
        }
    }

    @Test
    void deliver_intoDirectory_bounces520NotRegularFile() throws IOException {
        Path d = Files.createDirectory(dir.resolve("d"));
        DeliveryResult r = new MboxWriter(OPTIONS.withLocking(List.of(LockMethod.FCNTL), 1, Duration.ZERO,
                Duration.ofSeconds(500))).deliver(d, Envelope.of("s@x", "b@x"), bytes("x\n"));
        assertEquals("5.2.0", r.dsn());
        assertTrue(r.text().endsWith("destination " + d + " is not a regular file"), r.text());
    }

    @Test
    void deliver_afterDamagedTail_startsOnFreshLineAfterEmptyLine() throws IOException {
        Path mbox = dir.resolve("dmg");
        Files.writeString(mbox, "From a@x  Sat Nov 21 20:49:20 2026\nSubject: cut\n\npartial bo");
        new MboxWriter(OPTIONS).deliver(mbox, Envelope.of("s@x", "b@x"), bytes("Subject: new\n\nx\n"));
        try (MboxReader r = MboxReader.open(mbox)) {
            assertEquals(2, r.index().size());
            assertEquals("Subject: cut\n\npartial bo\n", new String(r.readMessage(r.index().get(1)), ISO_8859_1));
            assertEquals("s@x", r.index().get(2).from().sender());
        }
    }

    @Test
    void append_writesFlagsAsStatusHeaders_replacingOld() throws IOException {
        Path mbox = dir.resolve("conv");
        MessageFlags flags = MessageFlags.of(Flag.SEEN, Flag.REPLIED, Flag.FLAGGED).withKeywords(java.util.Set.of("Junk"));
        new MboxWriter(OPTIONS).append(mbox, "a@x", Instant.parse("2020-01-02T03:04:05Z"),
                bytes("Subject: s\nStatus: O\nX-Status: D\n\nbody\n"), flags);
        assertEquals("From a@x  Thu Jan  2 03:04:05 2020\nSubject: s\nStatus: RO\nX-Status: AF\nX-Keywords: Junk\n\nbody\n\n",
                Files.readString(mbox));
        try (MboxReader r = MboxReader.open(mbox)) {
            assertEquals(flags, r.index().get(1).flags());
        }
    }

    @Test
    void deliver_concurrentThreads_allIntact() throws Exception {
        Path mbox = dir.resolve("many");
        MboxWriter w = new MboxWriter(DeliveryOptions.DEFAULTS.withLocking(
                List.of(LockMethod.FCNTL, LockMethod.DOTLOCK), 200, Duration.ofMillis(5), Duration.ofSeconds(500)));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<DeliveryResult>> fs = new ArrayList<>();
        for (int k = 0; k < 200; k++) {
            int n = k;
            fs.add(pool.submit(() -> w.deliver(mbox, Envelope.of("s" + n + "@x", "b@x"),
                    bytes("Subject: " + n + "\n\nFrom body " + n + "\n"))));
        }
        for (Future<DeliveryResult> f : fs) {
            assertTrue(f.get().delivered(), f.get().text());
        }
        pool.shutdown();
        try (MboxReader r = MboxReader.open(mbox)) {
            assertEquals(200, r.index().size());
            for (MboxEntry e : r.index().entries()) {
                String n = e.from().sender().replaceAll("[^0-9]", "");
                assertTrue(new String(r.readMessage(e), ISO_8859_1).endsWith("Subject: " + n + "\n\nFrom body " + n + "\n"));
            }
        }
    }

    @Test
    void options_validateAsPostfixDoes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DeliveryOptions.DEFAULTS.withSizeLimits(1000, 2000));
        assertEquals("configuration error: mailbox_size_limit is smaller than message_size_limit", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DeliveryOptions.DEFAULTS.withSizeLimits(1000, 0));
        assertEquals(0, DeliveryOptions.DEFAULTS.withSizeLimits(0, 0).mailboxSizeLimit());
        assertEquals(List.of(LockMethod.FLOCK, LockMethod.DOTLOCK), DeliveryOptions.DEFAULTS.withLocking(
                LockMethod.parseList("flock, dotlock"), 20, Duration.ofSeconds(1), Duration.ofSeconds(500))
                .deliveryLock());
        assertEquals(List.of(LockMethod.FCNTL, LockMethod.DOTLOCK), LockMethod.parseList("fcntl, dotlock"));
        assertThrows(IllegalArgumentException.class, () -> LockMethod.parseList("fcntl,fcntl"));
        assertThrows(IllegalArgumentException.class, () -> LockMethod.parseList("lockf"));
        assertEquals(51_200_000L, DeliveryOptions.DEFAULTS.mailboxSizeLimit());
        assertEquals(10_240_000L, DeliveryOptions.DEFAULTS.messageSizeLimit());
        assertEquals(Duration.ofSeconds(500), DeliveryOptions.DEFAULTS.staleLockTime());
    }
}
