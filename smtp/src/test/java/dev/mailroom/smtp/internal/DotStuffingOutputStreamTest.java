package dev.mailroom.smtp.internal;

import static dev.mailroom.smtp.internal.WireFixtures.bytes;
import static dev.mailroom.smtp.internal.WireFixtures.referenceData;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailroom.smtp.internal.WireFixtures.Wire;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class DotStuffingOutputStreamTest {

    private static String data(String message) throws IOException {
        Wire wire = new Wire();
        try (DotStuffingOutputStream out = new DotStuffingOutputStream(wire, 16)) {
            out.write(bytes(message));
        }
        return wire.text();
    }

    /** The end-of-data sequence appears once, at the very end, and no CR or LF stands alone. */
    private static void assertNoSmuggling(String wire) {
        assertTrue(wire.endsWith("\r\n.\r\n") || wire.equals(".\r\n"), wire);
        int eod = wire.indexOf("\r\n.\r\n");
        assertTrue(eod < 0 || eod == wire.length() - 5, "early end-of-data at " + eod);
        assertFalse(wire.startsWith(".\r\n") && wire.length() > 3, "message starts with end-of-data");
        for (int i = 0; i < wire.length(); i++) {
            char c = wire.charAt(i);
            if (c == '\r') {
                assertEquals('\n', wire.charAt(i + 1), "bare CR at " + i);
            } else if (c == '\n') {
                assertEquals('\r', wire.charAt(i - 1), "bare LF at " + i);
            }
        }
    }

    @ParameterizedTest(name = "[{index}] {2}")
    @CsvSource(delimiter = '|', value = {
        "''                        | '.\r\n'                                  | empty message",
        "'a'                       | 'a\r\n.\r\n'                             | final line end added",
        "'a\r\n'                   | 'a\r\n.\r\n'                             | final CRLF kept",
        "'a\n.\nb'                 | 'a\r\n..\r\nb\r\n.\r\n'                  | LF dot LF",
        "'a\r.\rb'                 | 'a\r\n..\r\nb\r\n.\r\n'                  | CR dot CR",
        "'a\r\n.\r\nb\r\n'         | 'a\r\n..\r\nb\r\n.\r\n'                  | CRLF dot CRLF in the middle",
        "'a\r\n.\nb'               | 'a\r\n..\r\nb\r\n.\r\n'                  | CRLF dot LF",
        "'a\n.\r\nb'               | 'a\r\n..\r\nb\r\n.\r\n'                  | LF dot CRLF",
        "'.'                       | '..\r\n.\r\n'                            | lone dot without line end",
        "'.\r\n'                   | '..\r\n.\r\n'                            | lone dot line",
        "'.\r\n.\r\n'              | '..\r\n..\r\n.\r\n'                      | two lone dot lines",
        "'\r\n.\r\n'               | '\r\n..\r\n.\r\n'                        | empty line then dot",
        "'..x'                     | '...x\r\n.\r\n'                          | two dots",
        "'a.b\r\n.c'               | 'a.b\r\n..c\r\n.\r\n'                    | dot in middle of line not stuffed",
        "'\r'                      | '\r\n.\r\n'                              | bare CR",
        "'\n'                      | '\r\n.\r\n'                              | bare LF",
        "'\r\r\n'                  | '\r\n\r\n.\r\n'                          | CR CRLF is two line ends",
        "'\n\r'                    | '\r\n\r\n.\r\n'                          | LF CR is two line ends",
        "'a\r\n\r\n.'              | 'a\r\n\r\n..\r\n.\r\n'                   | trailing lone dot",
        "'x\r\n.\r'                | 'x\r\n..\r\n.\r\n'                       | dot then bare CR at end"})
    void adversarialInputs_areNormalisedAndStuffed(String message, String expected, String what) throws IOException {
        String wire = data(message);
        assertEquals(expected, wire, what);
        assertEquals(referenceData(message), wire);
        assertNoSmuggling(wire);
    }

    @Test
    void crSplitAcrossWrites_isStillOneLineEnd() throws IOException {
        Wire wire = new Wire();
        DotStuffingOutputStream out = new DotStuffingOutputStream(wire, 16);
        out.write(bytes("a\r"));
        out.flush();
        assertEquals("a", wire.text(), "a CR is held until the next octet");
        out.write(bytes("\n.b"));
        out.write('\r');
        out.write('\n');
        out.finish();
        assertEquals("a\r\n..b\r\n.\r\n", wire.text());
    }

    @Test
    void randomInputs_matchReference_whateverTheWriteSizes() throws IOException {
        Random random = new Random(20251962);
        char[] alphabet = {'\r', '\n', '.', 'a', ' '};
        for (int round = 0; round < 3000; round++) {
            StringBuilder sb = new StringBuilder();
            int len = random.nextInt(40);
            for (int i = 0; i < len; i++) {
                sb.append(alphabet[random.nextInt(alphabet.length)]);
            }
            String message = sb.toString();
            Wire wire = new Wire();
            DotStuffingOutputStream out = new DotStuffingOutputStream(wire, 16);
            byte[] b = bytes(message);
            int i = 0;
            while (i < b.length) {
                int n = Math.min(b.length - i, random.nextInt(5));
                if (n == 1 && random.nextBoolean()) {
                    out.write(b[i]);
                } else {
                    out.write(b, i, n);
                }
                i += n;
            }
            out.close();
            String expected = referenceData(message);
            assertEquals(expected, wire.text(), () -> "message " + message.replace("\r", "\\r").replace("\n", "\\n"));
            assertNoSmuggling(wire.text());
            assertEquals(b.length, out.messageBytes());
            assertEquals(expected.length(), out.wireBytes());
        }
    }

    @Test
    void largeMessage_isStreamed_throughTheFixedBuffer() throws IOException {
        // 32 MiB of lines, each starting with a dot, generated on the fly
        long lines = 1L << 20;
        InputStream message = new InputStream() {
            private long pos;

            @Override
            public int read() {
                if (pos >= lines * 32) {
                    return -1;
                }
                int col = (int) (pos++ % 32);
                return col == 0 ? '.' : col == 31 ? '\n' : 'x';
            }
        };
        final class CountingWire extends java.io.OutputStream {
            long count;
            long stuffedLines;
            int largestWrite;
            boolean lineStart = true;

            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                largestWrite = Math.max(largestWrite, len);
                for (int i = off; i < off + len; i++) {
                    count++;
                    if (lineStart && b[i] == '.') {
                        stuffedLines++;
                    }
                    lineStart = b[i] == '\n';
                }
            }
        }
        CountingWire wire = new CountingWire();
        DotStuffingOutputStream out = new DotStuffingOutputStream(wire, 4096);
        message.transferTo(out);
        out.finish();
        assertTrue(wire.largestWrite <= 4096, "largest write " + wire.largestWrite);
        // each 32-octet line becomes 33 (LF -> CRLF) + 1 (stuffed dot) octets; then ".\r\n"
        assertEquals(lines * 32, out.messageBytes());
        assertEquals(lines * 34 + 3, out.wireBytes());
        assertEquals(lines * 34 + 3, wire.count);
        assertEquals(lines + 1, wire.stuffedLines); // every line, and the final "."
    }

    @Test
    void close_finishesOnce_andLeavesTheConnectionOpen() throws IOException {
        Wire wire = new Wire();
        DotStuffingOutputStream out = new DotStuffingOutputStream(wire);
        out.write(bytes("hi"));
        out.close();
        out.close();
        out.finish();
        assertEquals("hi\r\n.\r\n", wire.text());
        assertFalse(wire.closed);
        assertTrue(wire.flushes >= 1);
        assertThrows(IOException.class, () -> out.write('x'));
        assertThrows(IOException.class, () -> out.write(new byte[1], 0, 1));
    }

    @Test
    void arguments_areChecked() {
        assertThrows(IllegalArgumentException.class, () -> new DotStuffingOutputStream(new Wire(), 15));
        assertThrows(NullPointerException.class, () -> new DotStuffingOutputStream(null));
        DotStuffingOutputStream out = new DotStuffingOutputStream(new Wire());
        assertThrows(IndexOutOfBoundsException.class, () -> out.write(new byte[2], 1, 2));
    }
}
