package dev.mailroom.mailbox;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class MboxReaderTest {

    @TempDir
    Path dir;

    private Path write(String content) throws IOException {
        Path p = dir.resolve("mbox");
        Files.write(p, content.getBytes(ISO_8859_1));
        return p;
    }

    private static String text(MboxReader r, MboxEntry e) throws IOException {
        return new String(r.readMessage(e), ISO_8859_1);
    }

    @Test
    void read_postfixMbox_twoMessages_blankSeparatorNotPartOfMessage() throws IOException {
        Path p = write("From a@x  Sat Nov 21 20:49:20 2026\nSubject: one\n\nbody1\n\n"
                + "From MAILER-DAEMON  Sat Nov 21 20:50:00 2026\nSubject: two\n\nbody2\n\n");
        try (MboxReader r = MboxReader.open(p)) {
            MboxIndex idx = r.index();
            assertEquals(2, idx.size());
            assertEquals("Subject: one\n\nbody1\n", text(r, idx.get(1)));
            assertEquals("Subject: two\n\nbody2\n", text(r, idx.get(2)));
            assertEquals("a@x", idx.get(1).from().sender());
            assertEquals("MAILER-DAEMON", idx.get(2).from().sender());
            assertEquals(0, idx.get(1).fromOffset());
            assertEquals(56, idx.get(2).fromOffset());
        }
    }

    @Test
    void read_lastMessageWithoutTrailingNewline() throws IOException {
        Path p = write("From a@x  Sat Nov 21 20:49:20 2026\nSubject: one\n\nno newline");
        try (MboxReader r = MboxReader.open(p)) {
            assertEquals("Subject: one\n\nno newline", text(r, r.index().get(1)));
        }
    }

    @Test
    void read_crlfFile_separatorsFoundAndBlankCrlfLineRemoved() throws IOException {
        Path p = write("From a@x  Sat Nov 21 20:49:20 2026\r\nSubject: one\r\n\r\n>From here\r\n\r\n"
                + "From b@x  Sat Nov 21 20:49:21 2026\r\nSubject: two\r\n\r\nb\r\n");
        try (MboxReader r = MboxReader.open(p)) {
            List<MboxEntry> all = r.index().entries();
            assertEquals(2, all.size());
            assertEquals("Subject: one\r\n\r\nFrom here\r\n", text(r, all.get(0)));
            assertEquals("a@x", all.get(0).from().sender());
            assertEquals("Subject: two\r\n\r\nb\r\n", text(r, all.get(1)));
        }
    }

    @Test
    void read_mboxoUnquotesOneLevelOnly_mboxrdUnquotesAll_rawNone() throws IOException {
        String body = "Subject: q\n\n>From one\n>>From two\n From three\n>From\n";
        Path p = write("From a@x  Sat Nov 21 20:49:20 2026\n" + body + "\n");
        try (MboxReader r = MboxReader.open(p)) {
            MboxEntry e = r.index().get(1);
            assertEquals("Subject: q\n\nFrom one\n>>From two\n From three\n>From\n", text(r, e));
            try (InputStream in = r.openMessage(e, MboxFormat.MBOXRD)) {
                assertEquals("Subject: q\n\nFrom one\n>From two\n From three\n>From\n",
                        new String(in.readAllBytes(), ISO_8859_1));
            }
            try (InputStream in = r.openMessage(e, MboxFormat.RAW)) {
                assertEquals(body, new String(in.readAllBytes(), ISO_8859_1));
            }
        }
    }

    @Test
    void read_unquotedFromInBody_notAfterBlankLineWithoutDate_staysInBody() throws IOException {
        Path p = write("From a@x  Sat Nov 21 20:49:20 2026\nSubject: q\n\nline\nFrom here on, text\n\n");
        try (MboxReader r = MboxReader.open(p)) {
            assertEquals(1, r.index().size());
            assertEquals("Subject: q\n\nline\nFrom here on, text\n", text(r, r.index().get(1)));
        }
    }

    @Test
    void read_contentLengthHonouredOnlyWhenAsked() throws IOException {
        String body = "x\n\nFrom the start\n";
        Path p = write("From a@x  Sat Nov 21 20:49:20 2026\nContent-Length: " + body.length() + "\n\n" + body
                + "\nFrom b@x  Sat Nov 21 20:49:21 2026\nSubject: 2\n\nz\n");
        try (MboxReader r = MboxReader.open(p, MboxFormat.MBOXCL2)) {
            List<MboxEntry> all = r.index().entries();
            assertEquals(2, all.size());
            assertEquals("Content-Length: " + body.length() + "\n\n" + body, text(r, all.get(0)));
            assertEquals(OptionalLong.of(body.length()), all.get(0).contentLength());
        }
        try (MboxReader r = MboxReader.open(p, MboxFormat.MBOXO)) {
            assertEquals(3, r.index().size());
        }
    }

    @Test
    void read_contentLengthLying_fallsBackToSeparators() throws IOException {
        Path p = write("From a@x  Sat Nov 21 20:49:20 2026\nContent-Length: 3\n\nabcdef\n\n"
                + "From b@x  Sat Nov 21 20:49:21 2026\nContent-Length: 9999\n\nz\n");
        try (MboxReader r = MboxReader.open(p, MboxFormat.MBOXCL)) {
            List<MboxEntry> all = r.index().entries();
            assertEquals(2, all.size());
            assertEquals("Content-Length: 3\n\nabcdef\n", text(r, all.get(0)));
            assertTrue(all.get(1).truncated());
        }
    }

    @Test
    void read_statusHeaders_exposedAsFlags() throws IOException {
        Path p = write("From a@x  Sat Nov 21 20:49:20 2026\nStatus: RO\nX-Status: AF\nX-Keywords: Junk $Forwarded\n"
                + "X-UID: 42\n\nb\n\nFrom b@x  Sat Nov 21 20:49:21 2026\nSubject: new\n\nz\n\n");
        try (MboxReader r = MboxReader.open(p)) {
            MboxEntry e = r.index().get(1);
            assertEquals(MessageFlags.of(Flag.FLAGGED, Flag.REPLIED, Flag.SEEN)
                    .withKeywords(java.util.Set.of("Junk", "$Forwarded")), e.flags());
            assertEquals("FRS", e.flags().letters());
            assertEquals(OptionalLong.of(42), e.uid());
            assertTrue(r.index().get(2).flags().recent());
            assertTrue(r.index().get(2).flags().flags().isEmpty());
        }
    }

    @Test
    void read_leadingGarbage_skipped_variantsOfFromLines() throws IOException {
        Path p = write("garbage\n\nFrom - Sat Nov 21 20:49:20 2026\n\nA\n\n"
                + "From 1524089472432468776@xxx Sat Jan 02 22:26:51 +0000 2016\n\nB\n\n"
                + "From user Wed Dec  2 05:53 PST 1992 remote from uunet\n\nC\n");
        try (MboxReader r = MboxReader.open(p)) {
            List<MboxEntry> all = r.index().entries();
            assertEquals(3, all.size());
            assertEquals("", all.get(0).from().sender());
            assertEquals("1524089472432468776@xxx", all.get(1).from().sender());
            assertEquals("uunet", all.get(2).from().remoteFrom());
            assertEquals("\nC\n", text(r, all.get(2)));
        }
    }

    @Test
    void read_emptyFile_andNoFromLine_giveNoMessages() throws IOException {
        try (MboxReader r = MboxReader.open(write(""))) {
            assertEquals(0, r.index().size());
        }
        try (MboxReader r = MboxReader.open(write("just text\nno separator\n"))) {
            assertEquals(0, r.index().size());
        }
    }

    @Test
    void read_truncatedInHeaders_markedTruncated() throws IOException {
        try (MboxReader r = MboxReader.open(write("From a@x  Sat Nov 21 20:49:20 2026\nSubject: cut"))) {
            MboxEntry e = r.index().get(1);
            assertTrue(e.truncated());
            assertEquals("Subject: cut", text(r, e));
        }
    }

    @Test
    void read_binaryGarbage_neverThrows_andOffsetsCoverFile() throws IOException {
        Random rnd = new Random(7);
        for (int round = 0; round < 30; round++) {
            byte[] junk = new byte[rnd.nextInt(200_000)];
            rnd.nextBytes(junk);
            // sprinkle separators and quoting in
            String[] pieces = {"\nFrom a@x  Sat Nov 21 20:49:20 2026\n", "\n>From ", "\r\n\r\n", "\nContent-Length: 99\n\n"};
            for (int k = 0; k < 40 && junk.length > 100; k++) {
                byte[] piece = pieces[rnd.nextInt(pieces.length)].getBytes(ISO_8859_1);
                int at = rnd.nextInt(junk.length - piece.length);
                System.arraycopy(piece, 0, junk, at, piece.length);
            }
            Path p = dir.resolve("junk" + round);
            Files.write(p, junk);
            for (MboxFormat f : MboxFormat.values()) {
                try (MboxReader r = MboxReader.open(p, f)) {
                    long prevEnd = 0;
                    for (MboxEntry e : r) {
                        assertTrue(e.fromOffset() >= prevEnd);
                        assertTrue(e.contentEnd() <= junk.length);
                        r.readMessage(e);
                        FromLineTest.assertSameParse(FromLine.parse(e.from().line()), e.from());
                        prevEnd = e.contentEnd();
                    }
                }
            }
        }
    }

    @Test
    void from_parsedFromTheScannedBytes_equalsParsingTheStoredLine() throws IOException {
        String[] lines = {
            "From a@x  Sat Nov 21 20:49:20 2026",
            "From a@x Sat Nov  1 03:04:05 2026",
            "From MAILER-DAEMON  Sun Nov  1 03:04:05 2026",
            "From -  Sun Nov  1 03:04:05 2026",
            "From   Sun Nov  1 03:04:05 2026",
            "From \u00e9l\u00e8ve@\u00e9cole.example  Tue Feb 29 23:59:60 2028",
            "From \ud83d\ude00@x  Mon Jan  5 00:00:00 2026",
            "From a@x  Mon Feb 30 00:00:00 2026",
            "From a@x  Sat Nov 21 20:49:20 2026 remote from uunet",
            "From \"a b\"@x  Sat Nov 21 20:49:20 2026",
            "From a@x\tSat Nov 21 20:49:20 2026",
            "From 1234@xxx Sat Jan 02 22:26:51 +0000 2016",
            "From a@x  Sat Nov 21 20:49:20  26",
            "From a@x",
            "From a@x  " + "y".repeat(9000) + "  Sat Nov 21 20:49:20 2026",
        };
        StringBuilder text = new StringBuilder();
        for (String l : lines) {
            text.append(l).append("\r\nSubject: s\r\n\r\nbody\r\n\r\n");
        }
        byte[] bytes = text.toString().getBytes(UTF_8);
        // malformed UTF-8 in a sender and in a date: one replacement character per byte
        String bad = "From b\u00ffd@x  Sat Nov 21 20:49:20 2026\nSubject: s\n\nbody\n\n"
                + "From c@x  Sat Nov 21 20:4\u00ff:20 2026\nSubject: s\n\nbody\n";
        byte[] all = concat(bytes, bad.getBytes(ISO_8859_1));
        Path p = dir.resolve("fromlines");
        Files.write(p, all);
        try (MboxReader r = MboxReader.open(p)) {
            List<MboxEntry> es = r.entries().toList();
            assertEquals(lines.length + 2, es.size());
            for (MboxEntry e : es) {
                FromLineTest.assertSameParse(FromLine.parse(e.from().line()), e.from());
            }
            assertEquals("\u00e9l\u00e8ve@\u00e9cole.example", es.get(5).from().sender());
            assertEquals("b\ufffdd@x", es.get(lines.length).from().sender());
            assertTrue(es.get(lines.length + 1).from().date().isEmpty());
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    @Test
    void read_longLinesAndSmallBuffers_sameAsWhole() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < 50; k++) {
            sb.append("From s").append(k).append("@x  Sat Nov 21 20:49:20 2026\nSubject: ").append(k).append("\n\n");
            sb.append("y".repeat(k * 7919)).append("\n>From q\n\n");
        }
        try (MboxReader r = MboxReader.open(write(sb.toString()))) {
            MboxIndex idx = r.index();
            assertEquals(50, idx.size());
            for (int k = 0; k < 50; k++) {
                assertArrayEquals(("Subject: " + k + "\n\n" + "y".repeat(k * 7919) + "\nFrom q\n").getBytes(ISO_8859_1),
                        r.readMessage(idx.get(k + 1)));
            }
        }
    }

    @Test
    void entries_isLazy_andIndexRandomAccess() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int k = 1; k <= 1000; k++) {
            sb.append("From s").append(k).append("@x  Sat Nov 21 20:49:20 2026\n\n").append(k).append("\n\n");
        }
        try (MboxReader r = MboxReader.open(write(sb.toString()))) {
            assertEquals(1000, r.entries().count());
            assertEquals("\n777\n", text(r, r.index().get(777)));
            assertFalse(r.index().get(777).truncated());
        }
    }
}
