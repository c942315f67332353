package dev.mailroom.mailbox.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds the bytes of one mbox record: From_ line, headers, quoted message, blank line. */
public final class MboxRecord {

    private MboxRecord() {
    }

    /**
     * The record.
     *
     * @param fromLine the separator without line end
     * @param prefix header lines to put first (each ending in LF), possibly empty
     * @param message the message
     * @param rd quote as mboxrd ({@code >*From }) rather than mboxo ({@code From } only)
     */
    public static byte[] build(String fromLine, String prefix, byte[] message, int length, boolean rd) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(length + prefix.length() + fromLine.length() + 64);
        out.writeBytes((fromLine + "\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(prefix.getBytes(StandardCharsets.UTF_8));
        int start = 0;
        while (start < length) {
            int lf = Bytes.indexOfLf(message, start, length);
            int end = lf < 0 ? length : lf + 1;
            if (needsQuote(message, start, end, rd)) {
                out.write('>');
            }
            out.write(message, start, end - start);
            start = end;
        }
        if (length > 0 && message[length - 1] != '\n') {
            out.write('\n');
        }
        out.write('\n');
        return out.toByteArray();
    }

    private static boolean needsQuote(byte[] m, int start, int end, boolean rd) {
        int k = start;
        if (rd) {
            while (k < end && m[k] == '>') {
                k++;
            }
        }
        return end - k >= 5 && Bytes.isFrom(m, k);
    }
}
