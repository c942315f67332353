package dev.mailroom.mailbox;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

final class HeaderFieldsTest {

    private static HeaderFields read(String s) throws IOException {
        return HeaderFields.read(new ByteArrayInputStream(s.getBytes(UTF_8)));
    }

    @Test
    void read_unfoldsStopsAtEmptyLine_caseInsensitiveLookup() throws IOException {
        HeaderFields h = read("Subject: one\n two\nReturn-Path: <a@x>\nbad line\nX-É: été\n\nSubject: body\n");
        assertEquals(List.of(Map.entry("Subject", "one two"), Map.entry("Return-Path", "<a@x>"), Map.entry("X-É", "été")),
                h.fields());
        assertEquals(Optional.of("one two"), h.first("subject"));
        assertEquals(Optional.of("a@x"), h.returnPath());
    }

    @Test
    void read_crlf_nullSender_noBody_emptyInput() throws IOException {
        HeaderFields h = read("Return-Path: <>\r\nSubject: s\r\n\r\nbody\r\n");
        assertEquals(Optional.of(""), h.returnPath());
        assertEquals(Optional.of("s"), h.first("Subject"));
        assertEquals(Optional.of("s"), read("Subject: s").first("Subject"));
        assertEquals(List.of(), read("").fields());
        assertEquals(List.of(), read("\nSubject: in body\n").fields());
        assertEquals(Optional.empty(), read("Subject: s\n").returnPath());
    }

    @Test
    void read_headerSpanningManyReads_andLongerThanTheFirstBlock() throws IOException {
        String big = "X-Big: " + "y".repeat(10_000) + "\nSubject: after\n\nbody";
        InputStream trickle = new ByteArrayInputStream(big.getBytes(UTF_8)) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 7));
            }
        };
        HeaderFields h = HeaderFields.read(trickle);
        assertEquals(Optional.of("after"), h.first("Subject"));
        assertEquals(10_000, h.first("X-Big").orElseThrow().length());
    }

    @Test
    void parse_givesWhatDecodingEachPartThenStrippingIt_givesOnRandomBytes() {
        // the reference: decode each name, value and folded line, then String.strip() it
        byte[] alphabet = " \t\u000b\f\r\n\u001c\u001f:aZ-\u0085".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[][] words = {"\u00e9".getBytes(UTF_8), "\u2003".getBytes(UTF_8), "\u3000".getBytes(UTF_8),
            {(byte) 0xC3}, {(byte) 0xE2, (byte) 0x80}, "Subject".getBytes(UTF_8)};
        java.util.Random random = new java.util.Random(76);
        for (int round = 0; round < 20_000; round++) {
            java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
            int n = random.nextInt(60);
            for (int k = 0; k < n; k++) {
                if (random.nextInt(4) == 0) {
                    b.writeBytes(words[random.nextInt(words.length)]);
                } else {
                    b.write(alphabet[random.nextInt(alphabet.length)]);
                }
            }
            byte[] bytes = b.toByteArray();
            assertEquals(reference(bytes, bytes.length), HeaderFields.parse(bytes, bytes.length).fields(),
                    () -> java.util.Arrays.toString(bytes));
        }
    }

    private static List<Map.Entry<String, String>> reference(byte[] b, int len) {
        List<Map.Entry<String, String>> out = new java.util.ArrayList<>();
        String name = null;
        StringBuilder value = new StringBuilder();
        int pos = 0;
        while (pos < len) {
            int lf = pos;
            while (lf < len && b[lf] != '\n') {
                lf++;
            }
            int stop = lf > pos && b[lf - 1] == '\r' ? lf - 1 : lf;
            if (stop == pos) {
                break;
            }
            if ((b[pos] == ' ' || b[pos] == '\t') && name != null) {
                value.append(' ').append(decode(b, pos, stop).strip());
            } else {
                if (name != null) {
                    out.add(Map.entry(name, value.toString()));
                    name = null;
                }
                int colon = -1;
                for (int k = pos; k < stop; k++) {
                    if (b[k] == ':') {
                        colon = k;
                        break;
                    }
                }
                if (colon > pos) {
                    name = decode(b, pos, colon).strip();
                    value.setLength(0);
                    value.append(decode(b, colon + 1, stop).strip());
                }
            }
            pos = lf + 1;
        }
        if (name != null) {
            out.add(Map.entry(name, value.toString()));
        }
        return out;
    }

    private static String decode(byte[] b, int from, int to) {
        for (int k = from; k < to; k++) {
            if (b[k] < 0) {
                return new String(b, from, to - from, UTF_8);
            }
        }
        return new String(b, from, to - from, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
