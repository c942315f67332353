package dev.mailroom.mailbox.interop;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mailroom.mailbox.DeliveryOptions;
import dev.mailroom.mailbox.Envelope;
import dev.mailroom.mailbox.Flag;
import dev.mailroom.mailbox.Maildir;
import dev.mailroom.mailbox.MaildirMessage;
import dev.mailroom.mailbox.MboxEntry;
import dev.mailroom.mailbox.MboxFormat;
import dev.mailroom.mailbox.MboxReader;
import dev.mailroom.mailbox.MboxWriter;
import dev.mailroom.mailbox.MessageFlags;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Python's {@code mailbox} module and mailroom read each other's mbox files and Maildirs. */
final class PythonMailboxIT {

    @TempDir
    Path dir;

    private static final String READ_MBOX = String.join("\n",
            "import mailbox, sys, base64",
            "mb = mailbox.mbox(sys.argv[1], create=False)",
            "for k in mb.iterkeys():",
            "    m = mb[k]",
            "    print(base64.b64encode(mb.get_bytes(k)).decode(), m.get_from(), m.get_flags() or '-', sep='\\t')");

    private static final String READ_MAILDIR = String.join("\n",
            "import mailbox, sys, base64",
            "md = mailbox.Maildir(sys.argv[1], factory=None, create=False)",
            "for k in md.iterkeys():",
            "    m = md[k]",
            "    print(md._lookup(k), base64.b64encode(md.get_bytes(k)).decode(), m.get_flags() or '-', sep='\\t')",
            "print('FOLDERS', ','.join(sorted(md.list_folders())), sep='\\t')");

    /** Messages that exercise quoting, a missing last newline and the null sender. */
    private static final List<String> MESSAGES = List.of(
            "Subject: one\n\nFrom the start of a line\n>From already quoted\n From indented\nFrom\n",
            "Subject: two\n\nLast line without newline",
            "Subject: three\n\n\n\nbody after blank lines\n\n",
            "Subject: four\nX-Long: " + "y".repeat(3000) + "\n\nx\n");

    /** Python's mbox flags (R, O, D, F, A) in mailroom's terms, as one comparable string. */
    private static String pyMboxFlags(String py) {
        TreeSet<Character> s = new TreeSet<>();
        for (char c : py.toCharArray()) {
            switch (c) {
                case 'R' -> s.add('S');
                case 'A' -> s.add('R');
                case 'F' -> s.add('F');
                case 'D' -> s.add('T');
                case 'O' -> s.add('o');
                default -> { }
            }
        }
        StringBuilder sb = new StringBuilder();
        s.forEach(sb::append);
        return sb.toString();
    }

    private static String ourMboxFlags(MessageFlags f) {
        TreeSet<Character> s = new TreeSet<>();
        for (Flag fl : f.flags()) {
            s.add(fl.letter());
        }
        if (!f.recent()) {
            s.add('o');
        }
        StringBuilder sb = new StringBuilder();
        s.forEach(sb::append);
        return sb.toString();
    }

    @Test
    void pythonWrittenMbox_readByMailroom_messageForMessage() throws IOException {
        Path mbox = dir.resolve("py.mbox");
        String write = String.join("\n",
                "import mailbox, sys, time",
                "mb = mailbox.mbox(sys.argv[1])",
                "msgs = [b'Subject: a\\n\\nFrom the body\\n>From q\\nno newline',",
                "        b'Subject: b\\nStatus: O\\n\\nx\\n',",
                "        b'Subject: c\\n\\n\\nFrom \\n\\n',",
                "        b'Subject: d\\r\\n\\r\\ncrlf\\r\\n']",
                "flags = ['RA', 'O', 'FD', '']",
                "senders = ['sender@example.test', 'MAILER-DAEMON', 'x@y', None]",
                "for body, fl, snd in zip(msgs, flags, senders):",
                "    m = mailbox.mboxMessage(body)",
                "    if snd: m.set_from(snd, time.gmtime(1795294160))",
                "    m.set_flags(fl)",
                "    mb.add(m)",
                "mb.flush(); mb.close()");
        Tools.python(write, mbox.toString());
        String[] lines = Tools.python(READ_MBOX, mbox.toString()).split("\n");
        assertEquals(4, lines.length);
        try (MboxReader raw = MboxReader.open(mbox, MboxFormat.RAW)) {
            List<MboxEntry> es = raw.index().entries();
            assertEquals(lines.length, es.size());
            for (int k = 0; k < es.size(); k++) {
                String[] f = lines[k].split("\t", -1);
                assertArrayEquals(Base64.getDecoder().decode(f[0]), raw.readMessage(es.get(k)), "message " + (k + 1));
                assertEquals("From " + f[1], es.get(k).from().line());
                assertEquals(pyMboxFlags(f[2]), ourMboxFlags(es.get(k).flags()), "flags of message " + (k + 1));
            }
        }
    }

    @Test
    void pythonWrittenMaildir_readByMailroom_messageForMessage() throws IOException {
        Path md = dir.resolve("PyMaildir");
        String write = String.join("\n",
                "import mailbox, sys",
                "md = mailbox.Maildir(sys.argv[1], create=True)",
                "for i, fl in enumerate(['', 'S', 'RS', 'FPT', 'D']):",
                "    m = mailbox.MaildirMessage(b'Subject: %d\\n\\nFrom body %d\\n' % (i, i))",
                "    if fl: m.set_subdir('cur'); m.set_flags(fl)",
                "    md.add(m)",
                "sub = md.add_folder('Archive')",
                "sub.add(mailbox.MaildirMessage(b'Subject: sub\\n\\nx\\n'))",
                "md.add_folder('Archive.2026')",
                "md.close()");
        Tools.python(write, md.toString());
        String[] lines = Tools.python(READ_MAILDIR, md.toString()).split("\n");
        Maildir ours = Maildir.open(md);
        List<MaildirMessage> all = ours.list();
        Map<String, MaildirMessage> byPath = new HashMap<>();
        for (MaildirMessage m : all) {
            byPath.put(md.relativize(m.path()).toString(), m);
        }
        assertEquals(lines.length - 1, all.size());
        for (int k = 0; k < lines.length - 1; k++) {
            String[] f = lines[k].split("\t", -1);
            MaildirMessage m = byPath.get(f[0]);
            assertArrayEquals(Base64.getDecoder().decode(f[1]), ours.read(m), f[0]);
            assertEquals(f[2].equals("-") ? "" : f[2], m.flags().letters(), f[0]);
        }
        assertEquals("FOLDERS\tArchive,Archive.2026", lines[lines.length - 1]);
        assertEquals(List.of("Archive", "Archive.2026"), ours.folders());
        assertEquals(1, ours.folder("Archive").list().size());
    }

    @Test
    void mailroomWrittenMbox_readByPython_byteIdentical() throws IOException {
        Path mbox = dir.resolve("ours.mbox");
        MboxWriter w = new MboxWriter(DeliveryOptions.DEFAULTS);
        for (int k = 0; k < MESSAGES.size(); k++) {
            w.deliver(mbox, new Envelope(k == 1 ? "" : "s" + k + "@example.test", "alice@example.test", "alice"),
                    MESSAGES.get(k).getBytes(ISO_8859_1));
        }
        String[] lines = Tools.python(READ_MBOX, mbox.toString()).split("\n");
        try (MboxReader raw = MboxReader.open(mbox, MboxFormat.RAW); MboxReader unq = MboxReader.open(mbox)) {
            List<MboxEntry> es = raw.index().entries();
            assertEquals(MESSAGES.size(), lines.length);
            assertEquals(MESSAGES.size(), es.size());
            for (int k = 0; k < es.size(); k++) {
                String[] f = lines[k].split("\t", -1);
                byte[] python = Base64.getDecoder().decode(f[0]);
                assertArrayEquals(python, raw.readMessage(es.get(k)), "message " + (k + 1));
                assertEquals(es.get(k).from().line(), "From " + f[1]);
                // and what Python read is what was delivered, once the quoting Postfix does is undone
                String unquoted = new String(unq.readMessage(es.get(k)), ISO_8859_1);
                String expected = MESSAGES.get(k).endsWith("\n") ? MESSAGES.get(k) : MESSAGES.get(k) + "\n";
                assertEquals(expected.replace("\n>From already", "\nFrom already"),
                        unquoted.substring(unquoted.indexOf("Subject:")));
            }
        }
    }

    @Test
    void mailroomWrittenMaildir_readByPython_byteIdentical() throws IOException {
        Maildir md = Maildir.create(dir.resolve("Maildir"));
        for (int k = 0; k < MESSAGES.size(); k++) {
            md.deliver(Envelope.of("s@example.test", "alice@example.test"), MESSAGES.get(k).getBytes(ISO_8859_1),
                    DeliveryOptions.DEFAULTS);
        }
        List<MaildirMessage> all = md.list();
        md.setFlags(all.get(0), MessageFlags.of(Flag.SEEN, Flag.REPLIED));
        md.moveToCur(all.get(1));
        md.createFolder("Sent").deliver(Envelope.of("s@x", "b@x"), "Subject: sent\n\n".getBytes(ISO_8859_1),
                DeliveryOptions.DEFAULTS);
        String[] lines = Tools.python(READ_MAILDIR, md.path().toString()).split("\n");
        Map<String, MaildirMessage> byPath = new HashMap<>();
        for (MaildirMessage m : md.list()) {
            byPath.put(md.path().relativize(m.path()).toString(), m);
        }
        assertEquals(MESSAGES.size(), lines.length - 1);
        for (int k = 0; k < lines.length - 1; k++) {
            String[] f = lines[k].split("\t", -1);
            MaildirMessage m = byPath.get(f[0]);
            assertArrayEquals(Base64.getDecoder().decode(f[1]), md.read(m), f[0]);
            assertEquals(f[2].equals("-") ? "" : f[2], m.flags().letters());
        }
        assertEquals("FOLDERS\tSent", lines[lines.length - 1]);
    }
}
