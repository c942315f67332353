package dev.mailroom.smtp.internal;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Helpers shared by the DATA and BDAT stream tests. */
final class WireFixtures {

    private WireFixtures() {
    }

    static byte[] bytes(String latin1) {
        return latin1.getBytes(StandardCharsets.ISO_8859_1);
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    /** The reference: every CRLF, bare CR and bare LF is one line end; a final line end is added when missing. */
    static String normalizedLines(String in) {
        String n = in.replace("\r\n", "\n").replace("\r", "\n");
        if (!n.isEmpty() && !n.endsWith("\n")) {
            n += "\n";
        }
        return n;
    }

    /** The reference DATA encoding of a message. */
    static String referenceData(String in) {
        StringBuilder sb = new StringBuilder();
        String n = normalizedLines(in);
        int start = 0;
        while (start < n.length()) {
            int nl = n.indexOf('\n', start);
            String line = n.substring(start, nl);
            if (line.startsWith(".")) {
                sb.append('.');
            }
            sb.append(line).append("\r\n");
            start = nl + 1;
        }
        return sb.append(".\r\n").toString();
    }

    /** Records what reaches the connection, how large each write was, and whether it was closed. */
    static final class Wire extends OutputStream {
        final ByteArrayOutputStream data = new ByteArrayOutputStream();
        int largestWrite;
        int flushes;
        boolean closed;

        @Override
        public void write(int b) {
            data.write(b);
            largestWrite = Math.max(largestWrite, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            data.write(b, off, len);
            largestWrite = Math.max(largestWrite, len);
        }

        @Override
        public void flush() {
            flushes++;
        }

        @Override
        public void close() {
            closed = true;
        }

        String text() {
            return WireFixtures.text(data.toByteArray());
        }
    }
}
