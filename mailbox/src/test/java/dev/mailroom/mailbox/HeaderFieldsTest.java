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
}
