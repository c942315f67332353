package dev.mailroom.mailbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mailroom.mailbox.internal.MboxScanner;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scanner's fast body path finds exactly what the line-by-line path finds. */
final class MboxScannerEquivalenceTest {

    @TempDir
    Path dir;

    private static final String[] LINES = {
        "From a@x  Sat Nov 21 20:49:20 2026", "From here on, text", ">From quoted", "From", "From ",
        "", "", "\r", "Subject: s", "Status: RO", "X-Status: AF", "Content-Length: 5", "text line",
        "From b@x Sat Jan 02 22:26:51 +0000 2016", "FFFFFFFFFF", "xxFrom y", " From z", "\u00e9t\u00e9 F"};

    private static List<MboxEntry> scan(Path p, boolean fast, boolean cl) throws IOException {
        List<MboxEntry> out = new ArrayList<>();
        try (FileChannel ch = FileChannel.open(p)) {
            MboxScanner s = new MboxScanner(ch, cl, 0, fast);
            for (MboxEntry e; (e = s.next()) != null; ) {
                out.add(e);
            }
        }
        return out;
    }

    @Test
    void fastBodyPath_sameEntriesAsLineByLine_onRandomMboxes() throws IOException {
        Random rnd = new Random(11);
        for (int round = 0; round < 300; round++) {
            StringBuilder sb = new StringBuilder();
            int n = rnd.nextInt(400);
            boolean crlf = rnd.nextInt(4) == 0;
            for (int k = 0; k < n; k++) {
                String line = rnd.nextInt(6) == 0 ? "y".repeat(rnd.nextInt(70_000))
                        : LINES[rnd.nextInt(LINES.length)];
                sb.append(line);
                if (k < n - 1 || rnd.nextBoolean()) {
                    sb.append(crlf ? "\r\n" : "\n");
                }
            }
            Path p = dir.resolve("r" + round);
            Files.write(p, sb.toString().getBytes(StandardCharsets.UTF_8));
            for (boolean cl : new boolean[] {false, true}) {
                assertEquals(scan(p, false, cl), scan(p, true, cl), "round " + round + " cl=" + cl);
            }
        }
    }
}
