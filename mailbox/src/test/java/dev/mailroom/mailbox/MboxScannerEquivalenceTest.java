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

    /** Scans with the smallest buffer (32 KiB), reading for itself. */
    private static List<MboxEntry> scan(Path p, boolean fast, boolean cl) throws IOException {
        return scan(p, fast, cl, Long.MAX_VALUE);
    }

    /** Scans with the smallest buffer, reading ahead on a second thread from files of {@code aheadFrom} bytes. */
    private static List<MboxEntry> scan(Path p, boolean fast, boolean cl, long aheadFrom) throws IOException {
        return scan(p, fast, cl, aheadFrom, 256 * 1024);
    }

    /** Scans reading ahead in chunks of {@code chunk} bytes (the smallest is 8 KiB). */
    private static List<MboxEntry> scan(Path p, boolean fast, boolean cl, long aheadFrom, int chunk)
            throws IOException {
        return scan(p, fast, cl, aheadFrom, chunk, MboxScanner.MARK_WHEN_AHEAD);
    }

    private static List<MboxEntry> scan(Path p, boolean fast, boolean cl, long aheadFrom, int chunk, int marking)
            throws IOException {
        List<MboxEntry> out = new ArrayList<>();
        try (FileChannel ch = FileChannel.open(p)) {
            MboxScanner s = new MboxScanner(ch, cl, 0, fast, aheadFrom, chunk, marking);
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
                List<MboxEntry> reference = scan(p, false, cl);
                assertEquals(reference, scan(p, true, cl), "round " + round + " cl=" + cl);
                assertEquals(reference, scan(p, true, cl, 0), "read ahead, round " + round + " cl=" + cl);
                for (int marking : MARKINGS) {
                    assertEquals(reference, scan(p, true, cl, 0, 8192, marking),
                            "8 KiB chunks, marking " + marking + ", round " + round + " cl=" + cl);
                }
            }
        }
    }

    private static final int BUFFER = 32 * 1024;

    private static final int[] MARKINGS = {
        MboxScanner.MARK_WHEN_AHEAD, MboxScanner.MARK_ALWAYS, MboxScanner.MARK_NEVER};

    @Test
    void fromLineAcrossTheBufferBoundary_foundAtEveryShift() throws IOException {
        String body = "body line\n";
        for (long edge : new long[] {BUFFER, 2L * BUFFER - 8192}) {
            for (int shift = -8; shift <= 8; shift++) {
                for (String eol : new String[] {"\n", "\r\n"}) {
                    // message 1 fills the file up to (edge + shift), then message 2's From line starts there
                    String first = "From a@x  Sat Nov 21 20:49:20 2026" + eol + "Subject: 1" + eol + eol;
                    StringBuilder sb = new StringBuilder(first);
                    String line = body.replace("\n", eol);
                    int target = (int) edge + shift - eol.length(); // the empty line before From
                    while (sb.length() + line.length() <= target) {
                        sb.append(line);
                    }
                    sb.append("x".repeat(target - sb.length())).append(eol).append(eol);
                    long secondFrom = sb.length();
                    sb.append("From b@x  Sat Nov 21 20:49:21 2026").append(eol).append("Subject: 2").append(eol)
                            .append(eol).append("Fro").append(eol).append("From the body, quoted badly").append(eol);
                    Path p = dir.resolve("edge-" + edge + "-" + shift + eol.length());
                    Files.write(p, sb.toString().getBytes(StandardCharsets.US_ASCII));
                    String what = "edge " + edge + " shift " + shift + " eol " + eol.length();
                    List<MboxEntry> entries = scan(p, true, false);
                    assertEquals(2, entries.size(), what);
                    assertEquals(secondFrom, entries.get(1).fromOffset(), what);
                    assertEquals(secondFrom - eol.length(), entries.get(0).contentEnd(), what);
                    assertEquals(Files.size(p), entries.get(1).contentEnd(), what);
                    assertEquals(scan(p, false, false), entries, what);
                }
            }
        }
    }

    @Test
    void fromLineAcrossAReadAheadChunkBoundary_foundAtEveryShift() throws IOException {
        int chunk = 8192;
        for (String eol : new String[] {"\n", "\r\n"}) {
            for (int gap = 0; gap <= 2; gap++) {
                for (int shift = -12; shift <= 12; shift++) {
                    // message 1 fills the file up to (2 * chunk + shift), then message 2's From line starts there
                    StringBuilder sb = new StringBuilder("From a@x  Sat Nov 21 20:49:20 2026" + eol + "Subject: 1"
                            + eol + eol);
                    int target = 2 * chunk + shift - gap * eol.length();
                    while (sb.length() + 10 + eol.length() <= target) {
                        sb.append("Fbody line").append(eol);
                    }
                    sb.append("x".repeat(Math.max(0, target - sb.length() - eol.length()))).append(eol);
                    sb.append(eol.repeat(gap));
                    long secondFrom = sb.length();
                    sb.append("From b@x  Sat Nov 21 20:49:21 2026").append(eol).append("Subject: 2").append(eol)
                            .append(eol).append("From the body").append(eol).append(eol);
                    Path p = dir.resolve("chunk-edge-" + gap + "-" + shift + "-" + eol.length());
                    Files.write(p, sb.toString().getBytes(StandardCharsets.US_ASCII));
                    String what = "gap " + gap + " shift " + shift + " eol " + eol.length();
                    List<MboxEntry> reference = scan(p, false, false);
                    for (int marking : MARKINGS) {
                        assertEquals(reference, scan(p, true, false, 0, chunk, marking), what + " marking " + marking);
                    }
                    assertEquals(secondFrom, reference.get(1).fromOffset(), what);
                }
            }
        }
    }

    @Test
    void emptyLineBeforeAnUndatedFromLine_atEveryPositionNearARefill_separatesAsLineByLine() throws IOException {
        // the body starts with an empty line, then "From x" (no date: a separator only after an empty line);
        // a long header line moves that pair across the places where the buffer is refilled
        for (int pad = 32_700; pad <= 32_800; pad++) {
            for (String eol : new String[] {"\n", "\r\n"}) {
                String text = "From a@x  Sat Nov 21 20:49:20 2026" + eol + "X-Pad: " + "p".repeat(pad) + eol + eol
                        + eol + "From x" + eol + "body" + eol;
                Path p = dir.resolve("refill-" + pad + "-" + eol.length());
                Files.write(p, text.getBytes(StandardCharsets.US_ASCII));
                List<MboxEntry> reference = scan(p, false, false);
                assertEquals(2, reference.size(), "pad " + pad);
                assertEquals(reference, scan(p, true, false), "pad " + pad + " eol " + eol.length());
                assertEquals(reference, scan(p, true, false, 0, 8192, MboxScanner.MARK_NEVER), "pad " + pad);
            }
        }
    }

    @Test
    void chunkWithMoreFromLinesThanTheReaderKeeps_sameEntries() throws IOException {
        // 300 KiB of three-line messages: far more From lines per chunk than the read-ahead thread lists
        StringBuilder sb = new StringBuilder();
        for (int k = 0; sb.length() < 300 * 1024; k++) {
            sb.append("From s").append(k % 10).append("\n\nFrom x\n\n");
        }
        Path p = dir.resolve("dense");
        Files.write(p, sb.toString().getBytes(StandardCharsets.US_ASCII));
        List<MboxEntry> reference = scan(p, false, false);
        assertEquals(reference, scan(p, true, false, 0, 256 * 1024, MboxScanner.MARK_ALWAYS));
        assertEquals(reference, scan(p, true, false, 0, 8192, MboxScanner.MARK_ALWAYS));
    }

    @Test
    void fileTruncatedDuringTheScan_scanEndsCleanlyAtTheNewEnd() throws IOException {
        truncatedDuringTheScan(Long.MAX_VALUE);
    }

    @Test
    void fileTruncatedDuringTheScan_withReadAhead_nothingPastTheNewEnd() throws IOException {
        truncatedDuringTheScan(0);
    }

    @Test
    void readAheadThread_endsWhenTheChannelIsClosedMidScan() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; sb.length() < 8 << 20; k++) {
            sb.append("From s").append(k).append("@x  Sat Nov 21 20:49:20 2026\nSubject: ").append(k).append("\n\n")
                    .append("text ".repeat(200)).append("\n\n");
        }
        Path p = dir.resolve("big");
        Files.write(p, sb.toString().getBytes(StandardCharsets.US_ASCII));
        try (FileChannel ch = FileChannel.open(p)) {
            MboxScanner s = new MboxScanner(ch, false, 0, true, 0);
            org.junit.jupiter.api.Assertions.assertNotNull(s.next());
            org.junit.jupiter.api.Assertions.assertTrue(readAheadThreads() > 0, "the scan reads ahead");
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (readAheadThreads() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(0, readAheadThreads());
    }

    private static long readAheadThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("mailroom-mbox-read-ahead") && t.isAlive()).count();
    }

    private void truncatedDuringTheScan(long aheadFrom) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; sb.length() < 2 << 20; k++) {
            sb.append("From s").append(k).append("@x  Sat Nov 21 20:49:20 2026\nSubject: ").append(k).append("\n\n")
                    .append("text ".repeat(200)).append("\n\n");
        }
        Path p = dir.resolve("shrinking" + aheadFrom);
        Files.write(p, sb.toString().getBytes(StandardCharsets.US_ASCII));
        long cut = 1 << 20;
        List<MboxEntry> entries = new ArrayList<>();
        try (FileChannel ch = FileChannel.open(p, java.nio.file.StandardOpenOption.READ,
                java.nio.file.StandardOpenOption.WRITE)) {
            MboxScanner s = new MboxScanner(ch, false, 0, true, aheadFrom);
            entries.add(s.next());
            ch.truncate(cut);
            for (MboxEntry e; (e = s.next()) != null; ) {
                entries.add(e);
            }
        }
        MboxEntry last = entries.get(entries.size() - 1);
        assertEquals(cut, last.contentEnd());
        for (MboxEntry e : entries) {
            org.junit.jupiter.api.Assertions.assertTrue(e.contentEnd() <= cut, e.toString());
        }
    }
}
