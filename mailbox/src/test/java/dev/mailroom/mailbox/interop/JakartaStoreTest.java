package dev.mailroom.mailbox.interop;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailroom.mailbox.DeliveryOptions;
import dev.mailroom.mailbox.Envelope;
import dev.mailroom.mailbox.Flag;
import dev.mailroom.mailbox.Maildir;
import dev.mailroom.mailbox.MaildirMessage;
import dev.mailroom.mailbox.MboxReader;
import dev.mailroom.mailbox.MboxWriter;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.URLName;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Jakarta Mail code opening local mailboxes through the providers of javamail.providers (exported API only). */
final class JakartaStoreTest {

    @TempDir
    Path dir;

    private static MimeMessage newMessage(Session s, String subject) throws Exception {
        MimeMessage m = new MimeMessage(s);
        m.setFrom(new InternetAddress("app@example.test"));
        m.setSubject(subject);
        m.setText("From the app\n");
        m.saveChanges();
        return m;
    }

    @Test
    void maildirStore_foldersMessagesFlagsAppendExpunge() throws Exception {
        Maildir md = Maildir.create(dir.resolve("Maildir"));
        for (int k = 1; k <= 3; k++) {
            md.deliver(Envelope.of("s@example.test", "alice@example.test"),
                    ("Subject: m" + k + "\n\nbody " + k + "\n").getBytes(ISO_8859_1), DeliveryOptions.DEFAULTS);
        }
        md.createFolder("Archive.2026");
        Session session = Session.getInstance(new Properties());
        Store store = session.getStore(new URLName("maildir:" + md.path()));
        store.connect();
        assertEquals(List.of("Archive.2026", "INBOX"), Arrays.stream(store.getDefaultFolder().list("*"))
                .map(Folder::getFullName).sorted().toList());
        Folder inbox = store.getFolder("INBOX");
        inbox.open(Folder.READ_WRITE);
        assertEquals(3, inbox.getMessageCount());
        Message first = inbox.getMessage(1);
        assertTrue(first.getSubject().matches("m[123]"), first.getSubject()); // order: by file name
        assertTrue(first.isSet(Flags.Flag.RECENT));
        first.setFlag(Flags.Flag.SEEN, true);
        first.setFlags(new Flags("Work"), true);
        List<MaildirMessage> files = md.list();
        assertTrue(files.stream().anyMatch(m -> m.name().endsWith(":2,Sa") && m.flags().keywords().contains("Work")),
                files.toString());

        inbox.appendMessages(new Message[] {newMessage(session, "appended")});
        assertEquals(4, inbox.getMessageCount());
        assertEquals(4, md.list().size());

        inbox.getMessage(2).setFlag(Flags.Flag.DELETED, true);
        Message[] gone = inbox.expunge();
        assertEquals(1, gone.length);
        assertEquals(3, inbox.getMessageCount());
        assertEquals(3, md.list().size());
        inbox.close(false);

        Folder sub = store.getFolder("Archive.2026");
        assertTrue(sub.exists());
        sub.appendMessages(new Message[] {newMessage(session, "archived")});
        assertEquals(1, md.folder("Archive.2026").list().size());
        Folder created = store.getFolder("Sent");
        assertFalse(created.exists());
        assertTrue(created.create(Folder.HOLDS_MESSAGES));
        assertTrue(md.folders().contains("Sent"));
        store.close();
    }

    @Test
    void mboxStore_flagsWrittenOnClose_expungeRewrites_appendAppends() throws Exception {
        Path mbox = dir.resolve("alice");
        MboxWriter w = new MboxWriter(DeliveryOptions.DEFAULTS);
        for (int k = 1; k <= 3; k++) {
            w.deliver(mbox, Envelope.of("s@example.test", "alice@example.test"),
                    ("Subject: m" + k + "\n\nFrom body " + k + "\n").getBytes(ISO_8859_1));
        }
        Properties p = new Properties();
        p.setProperty("mail.mbox.file", mbox.toString());
        Session session = Session.getInstance(p);
        Store store = session.getStore("mbox");
        store.connect();
        Folder inbox = store.getFolder("INBOX");
        inbox.open(Folder.READ_WRITE);
        assertEquals(3, inbox.getMessageCount());
        assertEquals("m2", inbox.getMessage(2).getSubject());
        inbox.getMessage(1).setFlags(new Flags(Flags.Flag.ANSWERED), true);
        inbox.getMessage(1).setFlag(Flags.Flag.SEEN, true);
        inbox.getMessage(3).setFlag(Flags.Flag.DELETED, true);
        inbox.close(false);
        try (MboxReader r = MboxReader.open(mbox)) {
            assertEquals(3, r.index().size());
            assertTrue(r.index().get(1).flags().has(Flag.REPLIED));
            assertTrue(r.index().get(1).flags().has(Flag.SEEN));
            assertTrue(r.index().get(3).flags().has(Flag.TRASHED));
            assertTrue(new String(r.readMessage(r.index().get(2)), ISO_8859_1).endsWith("\n\nFrom body 2\n"));
        }
        inbox.open(Folder.READ_WRITE);
        assertTrue(inbox.getMessage(1).isSet(Flags.Flag.ANSWERED));
        inbox.appendMessages(new Message[] {newMessage(session, "appended")});
        assertEquals(4, inbox.getMessageCount());
        inbox.close(true);
        try (MboxReader r = MboxReader.open(mbox)) {
            assertEquals(3, r.index().size());
            assertEquals("-", r.index().get(3).from().line().substring(5, 6));
        }
        assertFalse(Files.exists(dir.resolve("alice.lock")));
        store.close();
    }

    @Test
    void mboxStore_foldersAreMboxFilesUnderTheMailDirectory() throws Exception {
        Path inbox = dir.resolve("spool/alice");
        Path mail = dir.resolve("home/mail");
        Files.createDirectories(inbox.getParent());
        Files.createDirectories(mail.resolve(".imap"));
        Files.writeString(mail.resolve(".subscriptions"), "Lists\n");
        Properties p = new Properties();
        p.setProperty("mail.mbox.file", inbox.toString());
        p.setProperty("mail.mbox.dir", mail.toString());
        Session session = Session.getInstance(p);
        Store store = session.getStore("mbox");
        store.connect();
        assertTrue(store.getFolder("INBOX").create(Folder.HOLDS_MESSAGES));
        Folder lists = store.getFolder("Lists");
        assertTrue(lists.create(Folder.HOLDS_FOLDERS));
        Folder java = lists.getFolder("java");
        assertFalse(java.exists());
        assertTrue(java.create(Folder.HOLDS_MESSAGES));
        assertFalse(java.create(Folder.HOLDS_MESSAGES), "it exists already");
        assertEquals('/', java.getSeparator());
        assertEquals("Lists", java.getParent().getFullName());
        assertEquals(Folder.HOLDS_FOLDERS, lists.getType());
        assertEquals(Folder.HOLDS_MESSAGES, java.getType());

        java.appendMessages(new Message[] {newMessage(session, "in a folder")});
        assertTrue(Files.isRegularFile(mail.resolve("Lists/java")));
        java.open(Folder.READ_WRITE);
        assertEquals(1, java.getMessageCount());
        assertEquals("in a folder", java.getMessage(1).getSubject());
        java.getMessage(1).setFlag(Flags.Flag.SEEN, true);
        java.close(false);
        try (MboxReader r = MboxReader.open(mail.resolve("Lists/java"))) {
            assertTrue(r.index().get(1).flags().has(Flag.SEEN));
        }

        List<String> all = new ArrayList<>();
        for (Folder f : store.getDefaultFolder().list("*")) {
            all.add(f.getFullName());
        }
        assertEquals(List.of("INBOX", "Lists", "Lists/java"), all, "hidden files are not folders");
        List<String> top = new ArrayList<>();
        for (Folder f : store.getDefaultFolder().list("%")) {
            top.add(f.getFullName());
        }
        assertEquals(List.of("INBOX", "Lists"), top);
        assertThrows(MessagingException.class, () -> store.getFolder("../escape").create(Folder.HOLDS_MESSAGES));
        assertThrows(jakarta.mail.FolderNotFoundException.class,
                () -> store.getFolder("Lists").appendMessages(new Message[] {newMessage(session, "x")}));
        store.close();
    }

    @Test
    void mboxStore_withoutMailDirectory_hasOnlyInbox() throws Exception {
        Properties p = new Properties();
        p.setProperty("mail.mbox.file", dir.resolve("alice").toString());
        Store store = Session.getInstance(p).getStore("mbox");
        store.connect();
        assertFalse(store.getFolder("Archive").exists());
        assertThrows(jakarta.mail.FolderNotFoundException.class, () -> store.getFolder("Archive").create(Folder.HOLDS_MESSAGES));
        store.close();
    }
}
