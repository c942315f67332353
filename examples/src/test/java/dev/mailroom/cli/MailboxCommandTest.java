package dev.mailroom.cli;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

final class MailboxCommandTest {

    @TempDir
    Path dir;

    private static final String MBOX = "From alice@example.test  Sat Nov 21 20:49:20 2026\n"
            + "Return-Path: <alice@example.test>\nSubject: Hello\tthere\nStatus: RO\nX-Status: A\n\n>From me\n\n"
            + "From MAILER-DAEMON  Sun Nov  1 03:04:05 2026\nReturn-Path: <>\nSubject: Undelivered\n\nb\n\n"
            + "From - Sat Jan 02 22:26:51 +0000 2016\nX-No-Subject: 1\n\n>>From c\n";

    private String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new MailroomCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }

    private String cat(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        MailboxCommand.CatCommand cat = new MailboxCommand.CatCommand();
        cat.bytesOut = bytes;
        CommandLine cl = new CommandLine(cat);
        cl.setErr(new PrintWriter(new StringWriter()));
        assertEquals(0, cl.execute(args));
        return bytes.toString(ISO_8859_1);
    }

    @Test
    void list_mbox_tabSeparatedLines() throws IOException {
        Path mbox = Files.writeString(dir.resolve("mbox"), MBOX, ISO_8859_1);
        String[] r = run("mailbox", "list", mbox.toString());
        assertEquals("0", r[0], r[2]);
        assertEquals("1\talice@example.test\t2026-11-21T20:49:20\t88\tRS\tHello there\n"
                + "2\tMAILER-DAEMON\t2026-11-01T03:04:05\t40\t-\tUndelivered\n"
                + "3\t-\t2016-01-02T22:26:51Z\t26\t-\t\n", r[1]);
    }

    @Test
    void cat_mbox_unquotesMboxoByDefault_otherFormatsOnRequest() throws IOException {
        Path mbox = Files.writeString(dir.resolve("mbox"), MBOX, ISO_8859_1);
        assertEquals("X-No-Subject: 1\n\n>>From c\n", cat(mbox.toString(), "3"));
        assertEquals("X-No-Subject: 1\n\n>From c\n", cat(mbox.toString(), "3", "--format", "mboxrd"));
        assertEquals("X-No-Subject: 1\n\n>>From c\n", cat(mbox.toString(), "3", "--format", "raw"));
        assertTrue(cat(mbox.toString(), "1").endsWith("\n\nFrom me\n"));
        String[] r = run("mailbox", "cat", mbox.toString(), "4");
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("no message 4 in " + mbox + " (it has 3)"), r[2]);
    }

    @Test
    void count_convert_listMaildir() throws IOException {
        Path mbox = Files.writeString(dir.resolve("mbox"), MBOX, ISO_8859_1);
        assertEquals("3\n", run("mailbox", "count", mbox.toString())[1]);
        Path md = dir.resolve("Maildir");
        String[] r = run("mailbox", "convert", mbox.toString(), md.toString(), "--no-progress");
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].startsWith("converted 3 messages (" + Files.size(mbox) + " bytes) from " + mbox + " to maildir "),
                r[1]);
        assertEquals("3\n", run("mailbox", "count", md.toString())[1]);
        String[] lines = run("mailbox", "list", md.toString())[1].split("\n");
        assertEquals(3, lines.length);
        String local = DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(LocalDateTime.ofInstant(
                java.time.Instant.parse("2016-01-02T22:26:51Z"), ZoneId.systemDefault()));
        // new/ first (the two unread messages, by name: time first), then cur/
        assertTrue(lines[0].startsWith("1\t-\t" + local + "\t26\t-\t"), lines[0]);
        assertTrue(lines[1].startsWith("2\tMAILER-DAEMON\t"), lines[1]);
        assertTrue(lines[2].startsWith("3\talice@example.test\t"), lines[2]);
        assertTrue(String.join("\n", lines).contains("\talice@example.test\t"));
        assertTrue(String.join("\n", lines).contains("\tRS\tHello there"));
        Path back = dir.resolve("back");
        assertEquals("0", run("mailbox", "convert", md.toString(), back.toString(), "--to", "mbox", "--no-progress")[0]);
        assertEquals("3\n", run("mailbox", "count", back.toString())[1]);
        assertEquals("2", run("mailbox", "convert", mbox.toString(), back.toString(), "--to", "mbox")[0]);
    }

    @Test
    void missingPathOrNotAMaildir_oneLineErrorExit1() {
        String[] r = run("mailbox", "list", dir.resolve("missing").toString());
        assertEquals("1", r[0]);
        assertEquals("mailroom mailbox: " + dir.resolve("missing") + ": no such file or directory\n", r[2]);
        r = run("mailbox", "count", dir.toString());
        assertEquals("1", r[0]);
        assertEquals("mailroom mailbox: " + dir + ": not a Maildir: no cur/ directory\n", r[2]);
    }

    @Test
    void progressBar_rendersMessagesBytesRateEta() {
        assertEquals("[###############               ]  50% 10 msgs 1.0 MiB 0.5 MiB/s ETA 0:02",
                MailboxCommand.ProgressBar.render(10, 1 << 20, 2 << 20, 2.0));
    }
}
