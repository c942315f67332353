package dev.mailroom.mailbox.interop;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailroom.mailbox.DeliveryOptions;
import dev.mailroom.mailbox.Envelope;
import dev.mailroom.mailbox.FromLine;
import dev.mailroom.mailbox.LockMethod;
import dev.mailroom.mailbox.Maildir;
import dev.mailroom.mailbox.MaildirMessage;
import dev.mailroom.mailbox.MboxEntry;
import dev.mailroom.mailbox.MboxReader;
import dev.mailroom.mailbox.MboxWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real Postfix 3.7 local(8) and virtual(8) against mailroom's readers and writers. */
final class PostfixIT {

    @TempDir
    static Path dir;

    private static PostfixInstance pf;

    @BeforeAll
    static void start() throws IOException {
        pf = PostfixInstance.start(dir.resolve("pf"));
    }

    @AfterAll
    static void stop() throws IOException {
        if (pf != null) {
            pf.close();
        }
    }

    static int count(Path mbox) {
        if (!Files.exists(mbox)) {
            return 0;
        }
        try (MboxReader r = MboxReader.open(mbox)) {
            return (int) r.entries().count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The message as Postfix's cleanup passed it to local(8): after its Delivered-To line. */
    private static byte[] afterEnvelopeHeaders(byte[] unquoted) {
        String s = new String(unquoted, ISO_8859_1);
        int i = s.indexOf("\nReceived: ");
        return s.substring(i + 1).getBytes(ISO_8859_1);
    }

    @Test
    void localMbox_vectorsF1F3F4_readByMailroom_andMailroomWritesTheSameBytes() throws Exception {
        Path mbox = pf.spool.resolve("nobody");
        int before = count(mbox);
        pf.sendmail("sender@example.test", "nobody", "Subject: F1\n\nFrom the start of a line\n>From already quoted\n"
                + " From indented\nFrom\nLast line without newline");
        pf.await("deliver to the mbox", () -> count(mbox) == before + 1);
        pf.sendmail("<>", "nobody", "Subject: bounce\n\nnull sender\n");
        pf.await("deliver the bounce", () -> count(mbox) == before + 2);

        try (MboxReader r = MboxReader.open(mbox)) {
            List<MboxEntry> es = r.index().entries();
            MboxEntry f1 = es.get(before);
            MboxEntry bounce = es.get(before + 1);
            assertEquals("sender@example.test", f1.from().sender());
            assertEquals("MAILER-DAEMON", bounce.from().sender());
            String text = new String(r.readMessage(f1), ISO_8859_1);
            assertTrue(text.startsWith("Return-Path: <sender@example.test>\nX-Original-To: nobody\n"
                    + "Delivered-To: nobody@mx.example.test\n"), text);
            assertTrue(text.endsWith("\n\nFrom the start of a line\nFrom already quoted\n From indented\nFrom\n"
                    + "Last line without newline\n"), text);
            assertTrue(new String(r.readMessage(bounce), ISO_8859_1).startsWith("Return-Path: <>\nX-Original-To: nobody\n"));

            // differential: mailroom writes the same record for the same envelope, message and time
            for (MboxEntry e : List.of(f1, bounce)) {
                FromLine from = e.from();
                Clock at = Clock.fixed(from.instant(ZoneId.systemDefault()).orElseThrow(), ZoneId.systemDefault());
                Path ours = dir.resolve("ours-" + e.number());
                String sender = from.sender().equals("MAILER-DAEMON") ? "" : from.sender();
                byte[] original = afterEnvelopeHeaders(r.readMessage(e));
                // Postfix quoted one level; the message it got had ">From already quoted" too
                byte[] message = new String(original, ISO_8859_1)
                        .replace("\nFrom already quoted\n", "\n>From already quoted\n").getBytes(ISO_8859_1);
                assertTrue(new MboxWriter(DeliveryOptions.DEFAULTS.withClock(at)).deliver(ours,
                        new Envelope(sender, "nobody@mx.example.test", "nobody"), message).delivered());
                byte[] theirs = new byte[(int) (e.contentEnd() + 1 - e.fromOffset())];
                try (var ch = java.nio.channels.FileChannel.open(mbox)) {
                    ch.read(java.nio.ByteBuffer.wrap(theirs), e.fromOffset());
                }
                assertEquals(new String(theirs, ISO_8859_1), Files.readString(ours, ISO_8859_1));
            }
        }
    }

    @Test
    void virtualMaildir_vectorF7_readByMailroom_nameAsPostfixMakesIt() throws Exception {
        Path md = pf.vmail.resolve("bob/Maildir");
        pf.sendmail("sender@example.test", "bob@virt.example.test", "Subject: V\n\nFrom x\nno newline");
        pf.await("deliver to the Maildir", () -> Maildir.isMaildir(md) && countMaildir(md) >= 1);
        Maildir maildir = Maildir.open(md);
        MaildirMessage m = maildir.list().get(0);
        Matcher name = Pattern.compile("(\\d+)\\.V([0-9a-f]+)I([0-9a-f]+)M(\\d+)\\.(.+)").matcher(m.name());
        assertTrue(name.matches(), m.name());
        assertEquals(Long.toHexString(((Number) Files.getAttribute(m.path(), "unix:dev")).longValue()), name.group(2));
        assertEquals(Long.toHexString(((Number) Files.getAttribute(m.path(), "unix:ino")).longValue()), name.group(3));
        assertEquals(DeliveryOptions.DEFAULTS.hostname(), name.group(5));
        String text = new String(maildir.read(m), ISO_8859_1);
        assertTrue(text.startsWith("Return-Path: <sender@example.test>\nX-Original-To: bob@virt.example.test\n"
                + "Delivered-To: bob@virt.example.test\n"), text);
        assertTrue(text.endsWith("\n\nFrom x\nno newline\n"), text);

        // mailroom delivering the same message with the same envelope writes the same bytes
        Maildir ours = Maildir.create(dir.resolve("OursMaildir"));
        byte[] message = text.substring(text.indexOf("\nReceived: ") + 1).getBytes(ISO_8859_1);
        assertTrue(ours.deliver(new Envelope("sender@example.test", "bob@virt.example.test", "bob@virt.example.test"),
                message, DeliveryOptions.DEFAULTS).delivered());
        assertArrayEquals(maildir.read(m), ours.read(ours.list().get(0)));
    }

    private static int countMaildir(Path md) {
        try {
            return Maildir.open(md).count();
        } catch (IOException e) {
            return 0;
        }
    }

    @Test
    void postfixLocalAndMailroomIntoOneMboxAtOnce_nothingCorrupted() throws Exception {
        deliverConcurrently(pf, List.of(LockMethod.FCNTL, LockMethod.DOTLOCK), 0);
    }

    /**
     * Postfix's local(8) and mailroom deliver 60 messages each into one mbox at the same time,
     * each with the given locks; every message must come out whole. Filler lines make each
     * message larger than local(8)'s write buffer, so that Postfix writes it in several
     * pieces and a missing lock shows as one message inside another.
     */
    static void deliverConcurrently(PostfixInstance pf, List<LockMethod> locks, int fillerLines) throws Exception {
        String filler = "filler line to make the message larger than one write buffer\n".repeat(fillerLines);
        Path mbox = pf.spool.resolve("nobody");
        int initial = count(mbox);
        pf.sendmail("first@example.test", "nobody", "Subject: create\n\nx\n");
        pf.await("create the mbox", () -> count(mbox) == initial + 1);
        int before = initial + 1;
        int n = 60;
        CompletableFuture<Void> postfix = CompletableFuture.runAsync(() -> {
            for (int k = 0; k < n; k++) {
                pf.sendmail("pf@example.test", "nobody", "Subject: postfix " + k + "\n\nFrom postfix " + k + "\n" + filler
                        + "end postfix " + k + "\n");
            }
        });
        MboxWriter w = new MboxWriter(DeliveryOptions.DEFAULTS.withLocking(locks,
                200, Duration.ofMillis(20), Duration.ofSeconds(500)));
        for (int k = 0; k < n; k++) {
            assertTrue(w.deliver(mbox, Envelope.of("mr@example.test", "nobody@mx.example.test"),
                    ("Subject: mailroom " + k + "\n\nFrom mailroom " + k + "\n" + filler + "end mailroom " + k + "\n")
                            .getBytes(ISO_8859_1))
                    .delivered());
        }
        postfix.join();
        pf.await("deliver all", () -> count(mbox) == before + 2 * n);
        Set<String> seen = new HashSet<>();
        List<String> bad = new ArrayList<>();
        Pattern subject = Pattern.compile("(?m)^Subject: (postfix|mailroom) (\\d+)$");
        try (MboxReader r = MboxReader.open(mbox)) {
            for (MboxEntry e : r.index().entries().subList(before, before + 2 * n)) {
                String t = new String(r.readMessage(e), ISO_8859_1);
                Matcher m = subject.matcher(t);
                if (!m.find() || !t.endsWith("\n\nFrom " + m.group(1) + " " + m.group(2) + "\n" + filler + "end "
                        + m.group(1) + " " + m.group(2) + "\n")) {
                    bad.add(t);
                } else {
                    seen.add(m.group(1) + m.group(2));
                }
            }
        }
        assertEquals(0, bad.size(), () -> bad.size() + " damaged messages, the first begins: "
                + bad.get(0).substring(0, Math.min(400, bad.get(0).length())));
        assertEquals(2 * n, seen.size());
    }
}
