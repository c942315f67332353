package dev.mailroom.smtp.internal;

import static dev.mailroom.smtp.internal.WireFixtures.bytes;
import static dev.mailroom.smtp.internal.WireFixtures.normalizedLines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailroom.smtp.internal.WireFixtures.Wire;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class BdatOutputStreamTest {

    private final List<String> chunks = new ArrayList<>();

    private BdatOutputStream stream(Wire wire, int chunkSize) {
        return new BdatOutputStream(wire, chunkSize, (size, last) -> chunks.add(size + (last ? " LAST" : "")));
    }

    /** Parses the wire as BDAT commands and data; returns the data, checking each announced size. */
    private static String parse(String wire, int chunkSize) {
        StringBuilder data = new StringBuilder();
        int i = 0;
        boolean sawLast = false;
        while (i < wire.length()) {
            assertFalse(sawLast, "data after the LAST chunk");
            int eol = wire.indexOf("\r\n", i);
            String cmd = wire.substring(i, eol);
            assertTrue(cmd.matches("BDAT \\d+( LAST)?"), cmd);
            String[] parts = cmd.split(" ");
            int size = Integer.parseInt(parts[1]);
            assertTrue(size <= chunkSize, "chunk of " + size);
            sawLast = parts.length == 3;
            assertTrue(sawLast || size == chunkSize, "only the last chunk may be short");
            data.append(wire, eol + 2, eol + 2 + size);
            i = eol + 2 + size;
        }
        assertTrue(sawLast, "no LAST chunk");
        return data.toString();
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', value = {
        "''                  | empty message",
        "'a'                 | no final line end",
        "'a\n.\nb'           | LF dot LF",
        "'a\r.\rb'           | CR dot CR",
        "'a\r\n.\r\nb\r\n'   | CRLF dot CRLF, not stuffed",
        "'.'                 | lone dot",
        "'\r\r\n\n\r'        | line end mixture",
        "'0123456789abcd\r\n' | exactly one chunk",
        "'0123456789abcde\r\n0123456789abcd\r\n' | chunk boundary inside CRLF"})
    void lineEndsNormalised_noDotStuffing_chunksAnnounced(String message, String what) throws IOException {
        Wire wire = new Wire();
        try (BdatOutputStream out = stream(wire, 16)) {
            out.write(bytes(message));
        }
        String data = parse(wire.text(), 16);
        assertEquals(normalizedLines(message).replace("\n", "\r\n"), data, what);
        assertFalse(wire.closed);
        assertTrue(chunks.get(chunks.size() - 1).endsWith("LAST"));
    }

    @Test
    void emptyMessage_isBdatZeroLast() throws IOException {
        Wire wire = new Wire();
        BdatOutputStream out = stream(wire, 16);
        out.finish();
        assertEquals("BDAT 0 LAST\r\n", wire.text());
        assertEquals(List.of("0 LAST"), chunks);
    }

    @Test
    void exactMultipleOfChunkSize_sendsNoEmptyLastChunk() throws IOException {
        Wire wire = new Wire();
        BdatOutputStream out = stream(wire, 16);
        out.write(bytes("0123456789abcd\r\n0123456789abcd\r\n"));
        out.finish();
        assertEquals(List.of("16", "16 LAST"), chunks);
        assertEquals(2, out.chunks());
        assertEquals(32, out.messageBytes());
        assertEquals(wire.data.size(), out.wireBytes());
    }

    @Test
    void listenerFailure_abortsTheTransfer() throws IOException {
        Wire wire = new Wire();
        BdatOutputStream out = new BdatOutputStream(wire, 16, (size, last) -> {
            throw new IOException("552 5.3.4 message too big");
        });
        out.write(bytes("0123456789abcdef"));
        IOException e = assertThrows(IOException.class, () -> out.write('x'));
        assertEquals("552 5.3.4 message too big", e.getMessage());
    }

    @Test
    void randomInputs_roundTrip() throws IOException {
        Random random = new Random(3030);
        char[] alphabet = {'\r', '\n', '.', 'a'};
        for (int round = 0; round < 2000; round++) {
            StringBuilder sb = new StringBuilder();
            int len = random.nextInt(70);
            for (int i = 0; i < len; i++) {
                sb.append(alphabet[random.nextInt(alphabet.length)]);
            }
            Wire wire = new Wire();
            chunks.clear();
            BdatOutputStream out = stream(wire, 16);
            byte[] b = bytes(sb.toString());
            int i = 0;
            while (i < b.length) {
                int n = Math.min(b.length - i, 1 + random.nextInt(7));
                out.write(b, i, n);
                i += n;
            }
            out.finish();
            assertEquals(normalizedLines(sb.toString()).replace("\n", "\r\n"), parse(wire.text(), 16));
            assertTrue(wire.largestWrite <= 16, "largest write " + wire.largestWrite);
            assertEquals(wire.data.size(), out.wireBytes());
        }
    }

    @Test
    void writeAfterFinish_fails_andArgumentsAreChecked() throws IOException {
        BdatOutputStream out = stream(new Wire(), 16);
        out.finish();
        out.close();
        assertThrows(IOException.class, () -> out.write('x'));
        assertThrows(IllegalArgumentException.class, () -> stream(new Wire(), 15));
        assertThrows(NullPointerException.class, () -> new BdatOutputStream(new Wire(), 16, null));
    }
}
