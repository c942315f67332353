package dev.mailroom.mailbox.interop;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailroom.mailbox.DeliveryOptions;
import dev.mailroom.mailbox.Envelope;
import dev.mailroom.mailbox.Flag;
import dev.mailroom.mailbox.Maildir;
import dev.mailroom.mailbox.MaildirMessage;
import dev.mailroom.mailbox.MaildirNaming;
import dev.mailroom.mailbox.MboxEntry;
import dev.mailroom.mailbox.MboxFormat;
import dev.mailroom.mailbox.MboxReader;
import dev.mailroom.mailbox.MboxWriter;
import dev.mailroom.mailbox.MessageFlags;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dovecot ({@code doveadm save}, {@code dovecot-lda}, {@code doveadm fetch}) and mailroom read each other's mailboxes. */
final class DovecotIT {

    @TempDir
    Path dir;

    private static final List<String> MESSAGES = List.of(
            "From: a@example.test\nSubject: one\n\nFrom the start of a line\n>From already quoted\n",
            "From: b@example.test\nSubject: two\n\nbody\n",
            "From: c@example.test\nSubject: three\n\n\n\nblank lines\n",
            "Subject: four\n\nLast line without newline\n");

    /** Dovecot's IMAP flags in mailroom's letters and keywords, as one comparable string. */
    private static String imapFlags(String flags) {
        TreeSet<String> s = new TreeSet<>();
        for (String f : flags.split(" ")) {
            switch (f) {
                case "\\Seen" -> s.add("S");
                case "\\Answered" -> s.add("R");
                case "\\Flagged" -> s.add("F");
                case "\\Deleted" -> s.add("T");
                case "\\Draft" -> s.add("D");
                case "\\Recent", "" -> { }
                default -> s.add("kw:" + f);
            }
        }
        return String.join(",", s);
    }

    private static String ours(MessageFlags f) {
        TreeSet<String> s = new TreeSet<>();
        for (Flag fl : f.flags()) {
            s.add(String.valueOf(fl.letter()));
        }
        for (String k : f.keywords()) {
            s.add("kw:" + k);
        }
        return String.join(",", s);
    }

    private static MaildirMessage withBytes(Maildir md, List<MaildirMessage> all, byte[] text) throws IOException {
        for (MaildirMessage m : all) {
            if (Arrays.equals(md.read(m), text)) {
                return m;
            }
        }
        throw new AssertionError("mailroom does not list the message Dovecot has: " + new String(text, ISO_8859_1));
    }

    @Test
    void dovecotWrittenMaildir_saveLdaFlagsSubfolders_readByMailroom() throws IOException {
        Dovecot dc = Dovecot.maildir(dir);
        for (String m : MESSAGES) {
            dc.save("INBOX", m);
        }
        dc.doveadm(null, "mailbox", "create", "Archive.2026");
        dc.lda("Archive.2026", "sender@example.test", "Subject: lda\n\nFrom here\n");
        dc.doveadm(null, "flags", "add", "\\Seen \\Answered $Forwarded", "mailbox", "INBOX", "uid", "1");
        dc.doveadm(null, "flags", "add", "\\Flagged \\Draft Work", "mailbox", "INBOX", "uid", "3");
        dc.doveadm(null, "flags", "add", "\\Deleted", "mailbox", "INBOX", "uid", "4");

        Maildir md = Maildir.open(dc.mailbox);
        List<MaildirMessage> all = md.list();
        List<String[]> uids = dc.uidsAndFlags("INBOX");
        assertEquals(uids.size(), all.size());
        assertEquals(4, all.size());
        for (String[] u : uids) {
            MaildirMessage m = withBytes(md, all, dc.text("INBOX", u[0]));
            assertEquals(imapFlags(u[1]), ours(m.flags()), "uid " + u[0] + " " + m.name());
        }
        assertTrue(dc.folders().contains("Archive.2026"));
        assertTrue(md.folders().contains("Archive.2026"), md.folders().toString());
        Maildir sub = md.folder("Archive.2026");
        List<MaildirMessage> subAll = sub.list();
        assertEquals(1, subAll.size());
        assertArrayEquals(dc.text("Archive.2026", "1"), sub.read(subAll.get(0)));
    }

    @Test
    void dovecotWrittenMbox_readByMailroomAsMboxcl2() throws IOException {
        Dovecot dc = Dovecot.mbox(dir);
        for (String m : MESSAGES) {
            dc.save("INBOX", m);
        }
        dc.doveadm(null, "flags", "add", "\\Seen \\Answered Junk", "mailbox", "INBOX", "uid", "2");
        dc.doveadm(null, "flags", "add", "\\Flagged \\Deleted", "mailbox", "INBOX", "uid", "3");
        dc.doveadm(null, "force-resync", "INBOX");
        List<String[]> uids = dc.uidsAndFlags("INBOX");
        try (MboxReader r = MboxReader.open(dc.mailbox, MboxFormat.MBOXCL2)) {
            List<MboxEntry> es = r.index().entries();
            assertEquals(uids.size(), es.size());
            for (int k = 0; k < es.size(); k++) {
                MboxEntry e = es.get(k);
                assertEquals(Long.parseLong(uids.get(k)[0]), e.uid().orElseThrow());
                assertEquals(imapFlags(uids.get(k)[1]), ours(e.flags()), "message " + (k + 1));
                String withoutDovecotHeaders = new String(r.readMessage(e), ISO_8859_1)
                        .replaceAll("(?m)^(X-IMAPbase|X-IMAP|X-UID|Status|X-Status|X-Keywords|Content-Length):.*\n", "");
                assertEquals(new String(dc.text("INBOX", uids.get(k)[0]), ISO_8859_1), withoutDovecotHeaders);
            }
        }
    }

    @Test
    void mailroomWrittenMaildir_fetchedByDovecot_byteIdentical() throws IOException {
        Dovecot dc = Dovecot.maildir(dir);
        Maildir md = Maildir.create(dc.mailbox);
        for (int k = 0; k < MESSAGES.size(); k++) {
            DeliveryOptions o = DeliveryOptions.DEFAULTS.withMaildirNaming(
                    k % 2 == 0 ? MaildirNaming.POSTFIX : MaildirNaming.DOVECOT, DeliveryOptions.DEFAULTS.hostname());
            assertTrue(md.deliver(new Envelope("s" + k + "@example.test", "alice@example.test", "alice"),
                    MESSAGES.get(k).getBytes(ISO_8859_1), o).delivered());
        }
        List<MaildirMessage> all = md.list();
        md.setFlags(all.get(0), MessageFlags.of(Flag.SEEN, Flag.REPLIED).withKeywords(Set.of("$Forwarded")));
        md.setFlags(all.get(1), MessageFlags.of(Flag.FLAGGED));
        md.createFolder("Sent").deliver(new Envelope("a@x", "b@x", ""), "Subject: sent\n\nx\n".getBytes(ISO_8859_1),
                DeliveryOptions.DEFAULTS);
        dc.handOver();
        List<String[]> uids = dc.uidsAndFlags("INBOX");
        all = md.list();
        assertEquals(all.size(), uids.size());
        List<String> seen = new ArrayList<>();
        for (String[] u : uids) {
            MaildirMessage m = withBytes(md, all, dc.text("INBOX", u[0]));
            assertEquals(ours(m.flags()), imapFlags(u[1]), m.name());
            seen.add(m.name());
        }
        assertEquals(all.size(), new TreeSet<>(seen).size());
        assertTrue(dc.folders().contains("Sent"), dc.folders().toString());
        assertArrayEquals(md.read(md.folder("Sent").list().get(0)), dc.text("Sent", "1"));
    }

    @Test
    void mailroomWrittenMbox_fetchedByDovecot_byteIdentical() throws IOException {
        Dovecot dc = Dovecot.mbox(dir);
        MboxWriter w = new MboxWriter(DeliveryOptions.DEFAULTS);
        for (int k = 0; k < MESSAGES.size(); k++) {
            assertTrue(w.deliver(dc.mailbox, new Envelope(k == 1 ? "" : "s" + k + "@example.test", "alice@example.test",
                    "alice"), MESSAGES.get(k).getBytes(ISO_8859_1)).delivered());
        }
        dc.handOver();
        List<byte[]> expected = new ArrayList<>();
        try (MboxReader raw = MboxReader.open(dc.mailbox, MboxFormat.RAW)) {
            for (MboxEntry e : raw) {
                expected.add(raw.readMessage(e));
            }
        }
        List<String[]> uids = dc.uidsAndFlags("INBOX");
        assertEquals(expected.size(), uids.size());
        for (int k = 0; k < uids.size(); k++) {
            // Dovecot does not unquote >From (it relies on Content-Length), so it shows the stored bytes
            assertArrayEquals(expected.get(k), dc.text("INBOX", uids.get(k)[0]), "message " + (k + 1));
        }
    }

    @Test
    void mailroomStoreMboxFolders_listedAndFetchedByDovecot() throws Exception {
        Dovecot dc = Dovecot.mbox(dir);
        java.util.Properties p = new java.util.Properties();
        p.setProperty("mail.mbox.file", dc.mailbox.toString());
        p.setProperty("mail.mbox.dir", dc.home.resolve("mail").toString());
        jakarta.mail.Session session = jakarta.mail.Session.getInstance(p);
        jakarta.mail.Store store = session.getStore("mbox");
        store.connect();
        jakarta.mail.Folder folder = store.getFolder("Lists/java");
        assertTrue(folder.create(jakarta.mail.Folder.HOLDS_MESSAGES));
        jakarta.mail.internet.MimeMessage m = new jakarta.mail.internet.MimeMessage(session,
                new java.io.ByteArrayInputStream(MESSAGES.get(0).getBytes(ISO_8859_1)));
        folder.appendMessages(new jakarta.mail.Message[] {m});
        store.close();
        byte[] stored;
        try (MboxReader raw = MboxReader.open(dc.home.resolve("mail/Lists/java"), MboxFormat.RAW)) {
            stored = raw.readMessage(raw.index().get(1));
        }
        dc.handOver();
        assertTrue(dc.folders().contains("Lists/java"), dc.folders().toString());
        List<String[]> uids = dc.uidsAndFlags("Lists/java");
        assertEquals(1, uids.size());
        // Dovecot keeps Status/X-Status/X-Keywords/X-UID as flags and leaves them out of the text
        String text = new String(stored, ISO_8859_1);
        int body = text.indexOf("\n\n");
        String withoutStatus = text.substring(0, body + 1).replaceAll("(?m)^(Status|X-Status|X-Keywords|X-UID):.*\n", "")
                + text.substring(body + 1);
        assertEquals(withoutStatus, new String(dc.text("Lists/java", uids.get(0)[0]), ISO_8859_1));
    }
}
