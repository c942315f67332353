package dev.mailroom.mailbox;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class MailboxConverterTest {

    private static final DeliveryOptions OPTIONS = DeliveryOptions.DEFAULTS
            .withClock(Clock.fixed(Instant.parse("2026-11-21T20:49:20Z"), ZoneId.of("Europe/Berlin")));

    @TempDir
    Path dir;

    @Test
    void mboxToMaildirAndBack_keepsSenderDateFlagsAndBytes() throws IOException {
        Path mbox = dir.resolve("in.mbox");
        Files.writeString(mbox, "From alice@example.test  Sat Nov 21 20:49:20 2026\nReturn-Path: <alice@example.test>\n"
                + "Subject: one\nStatus: RO\nX-Status: A\nX-Keywords: Junk\n\n>From body\n\n"
                + "From MAILER-DAEMON  Sun Nov  1 03:04:05 2026\nSubject: bounce\n\nb\n\n"
                + "From 1@xxx Sat Jan 02 22:26:51 +0000 2016\nSubject: gmail\nStatus: O\n\nc\n\n", ISO_8859_1);
        MailboxConverter conv = new MailboxConverter(OPTIONS);
        List<Long> progress = new ArrayList<>();
        MailboxConverter.Summary s = conv.mboxToMaildir(mbox, MboxFormat.MBOXO, dir.resolve("Maildir"),
                (n, b, t) -> progress.add(n));
        assertEquals(3, s.messages());
        assertEquals(List.of(1L, 2L, 3L), progress);
        Maildir md = Maildir.open(dir.resolve("Maildir"));
        List<MaildirMessage> all = md.list();
        assertEquals(3, all.size());
        // new/ first: the bounce is unread and unflagged
        MaildirMessage bounce = all.get(0);
        assertTrue(bounce.inNew());
        assertEquals("Return-Path: <>\nSubject: bounce\n\nb\n", new String(md.read(bounce), ISO_8859_1));
        assertEquals(Instant.parse("2026-11-01T02:04:05Z"), bounce.modified());
        MaildirMessage one = all.stream().filter(m -> m.name().endsWith(":2,RSa")).findFirst().orElseThrow();
        assertEquals(Set.of("Junk"), one.flags().keywords());
        assertEquals("Return-Path: <alice@example.test>\nSubject: one\n\nFrom body\n", new String(md.read(one), ISO_8859_1));
        MaildirMessage gmail = null;
        for (MaildirMessage m : all) {
            if (m.modified().equals(Instant.parse("2016-01-02T22:26:51Z"))) {
                gmail = m;
            }
        }
        assertNotNull(gmail);
        assertFalse(gmail.inNew());
        assertEquals("Return-Path: <1@xxx>", HeaderFields.read(new ByteArrayInputStream(md.read(gmail)))
                .first("Return-Path").map(v -> "Return-Path: " + v).orElseThrow());

        Path back = dir.resolve("back.mbox");
        assertEquals(3, conv.maildirToMbox(dir.resolve("Maildir"), back, null).messages());
        try (MboxReader r = MboxReader.open(back)) {
            List<MboxEntry> es = r.index().entries();
            assertEquals("MAILER-DAEMON", es.get(0).from().sender());
            assertEquals("Sun Nov  1 03:04:05 2026", es.get(0).from().dateText());
            MboxEntry e1 = es.stream().filter(e -> e.from().sender().equals("alice@example.test")).findFirst().orElseThrow();
            assertEquals("Sat Nov 21 20:49:20 2026", e1.from().dateText());
            assertEquals(MessageFlags.of(Flag.SEEN, Flag.REPLIED).withKeywords(Set.of("Junk")), e1.flags());
            assertEquals("Return-Path: <alice@example.test>\nSubject: one\nStatus: RO\nX-Status: A\nX-Keywords: Junk\n\n"
                    + "From body\n", new String(r.readMessage(e1), ISO_8859_1));
        }
    }

    @Test
    void maildirWithoutReturnPath_getsDashSender() throws IOException {
        Maildir md = Maildir.create(dir.resolve("M"));
        Files.writeString(md.path().resolve("cur/1.M1P1.h:2,S"), "Subject: x\n\ny\n");
        new MailboxConverter(OPTIONS).maildirToMbox(md.path(), dir.resolve("out"), null);
        String text = Files.readString(dir.resolve("out"));
        assertTrue(text.startsWith("From -  "), text);
        assertTrue(text.contains("Status: RO\n"), text);
    }
}
