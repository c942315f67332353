package dev.mailroom.mailbox;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/** Writes flags into a message's header as mutt and Dovecot do in an mbox. */
final class StatusHeaders {

    private static final Set<String> NAMES = Set.of("status", "x-status", "x-keywords");

    private StatusHeaders() {
    }

    /** The {@code Status:}, {@code X-Status:} and {@code X-Keywords:} lines for {@code flags}. */
    static String lines(MessageFlags flags, String eol) {
        StringBuilder sb = new StringBuilder();
        String status = (flags.has(Flag.SEEN) ? "R" : "") + (flags.recent() ? "" : "O");
        if (!status.isEmpty()) {
            sb.append("Status: ").append(status).append(eol);
        }
        String x = (flags.has(Flag.REPLIED) ? "A" : "") + (flags.has(Flag.FLAGGED) ? "F" : "")
                + (flags.has(Flag.DRAFT) ? "T" : "") + (flags.has(Flag.TRASHED) ? "D" : "");
        if (!x.isEmpty()) {
            sb.append("X-Status: ").append(x).append(eol);
        }
        if (!flags.keywords().isEmpty()) {
            sb.append("X-Keywords: ").append(String.join(" ", flags.keywords())).append(eol);
        }
        return sb.toString();
    }

    /** {@code message} with its status headers replaced by those of {@code flags}. */
    static byte[] apply(byte[] message, MessageFlags flags) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(message.length + 64);
        String eol = "\n";
        int pos = 0;
        boolean skipping = false;
        int bodyStart = -1;
        while (pos < message.length) {
            int lf = indexOf(message, pos);
            int end = lf < 0 ? message.length : lf + 1;
            int contentEnd = lf < 0 ? end : (lf > pos && message[lf - 1] == '\r' ? lf - 1 : lf);
            if (pos == 0 && lf > 0 && message[lf - 1] == '\r') {
                eol = "\r\n";
            }
            if (contentEnd == pos) { // the empty line ending the header
                bodyStart = pos;
                break;
            }
            boolean continuation = message[pos] == ' ' || message[pos] == '\t';
            if (!continuation) {
                int colon = -1;
                for (int k = pos; k < contentEnd; k++) {
                    if (message[k] == ':') {
                        colon = k;
                        break;
                    }
                }
                String name = colon < 0 ? "" : new String(message, pos, colon - pos, StandardCharsets.ISO_8859_1)
                        .strip().toLowerCase(Locale.ROOT);
                skipping = NAMES.contains(name);
            }
            if (!skipping) {
                out.write(message, pos, end - pos);
            }
            pos = end;
        }
        byte[] headerOut = out.toByteArray();
        out.reset();
        out.writeBytes(headerOut);
        if (headerOut.length > 0 && headerOut[headerOut.length - 1] != '\n') {
            out.writeBytes(eol.getBytes(StandardCharsets.ISO_8859_1));
        }
        out.writeBytes(lines(flags, eol).getBytes(StandardCharsets.UTF_8));
        if (bodyStart >= 0) {
            out.write(message, bodyStart, message.length - bodyStart);
        } else {
            out.writeBytes(eol.getBytes(StandardCharsets.ISO_8859_1));
        }
        return out.toByteArray();
    }

    /**
     * {@code message} without its status headers.
     */
    static byte[] strip(byte[] message) {
        byte[] withNone = apply(message, MessageFlags.NONE);
        return withNone;
    }

    private static int indexOf(byte[] a, int from) {
        for (int k = from; k < a.length; k++) {
            if (a[k] == '\n') {
                return k;
            }
        }
        return -1;
    }
}
