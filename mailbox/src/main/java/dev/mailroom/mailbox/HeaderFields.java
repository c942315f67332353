package dev.mailroom.mailbox;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The header fields of a message, unfolded, read up to the empty line that ends them. Values
 * are decoded as UTF-8 (invalid bytes replaced) and not MIME-decoded. Meant for listing
 * ({@code Subject}, {@code Return-Path}); it is not an RFC 5322 parser.
 *
 * @param fields name and value pairs in message order
 */
public record HeaderFields(List<Map.Entry<String, String>> fields) {

    /** The most header bytes read by {@link #read(InputStream)}. */
    public static final int MAX_HEADER_BYTES = 256 * 1024;

    /** Copies the list. */
    public HeaderFields {
        fields = List.copyOf(fields);
    }

    /**
     * Reads the header section from {@code in} (stops at the empty line, at the end of the
     * stream, or after {@link #MAX_HEADER_BYTES} bytes). Lines without a colon are skipped.
     * The stream is read in blocks: where it stands afterwards is unspecified.
     *
     * @throws IOException when the stream fails
     */
    public static HeaderFields read(InputStream source) throws IOException {
        byte[] buf = new byte[4096];
        int len = 0;
        int end = -1;
        int scanned = 0;
        while (end < 0 && len < MAX_HEADER_BYTES) {
            if (len == buf.length) {
                buf = java.util.Arrays.copyOf(buf, Math.min(buf.length * 2, MAX_HEADER_BYTES));
            }
            int n = source.read(buf, len, buf.length - len);
            if (n < 0) {
                break;
            }
            len += n;
            end = headerEnd(buf, Math.max(0, scanned - 2), len);
            scanned = len;
        }
        return parse(buf, end < 0 ? len : end);
    }

    /** The index just past the line end before the empty line, or -1. */
    private static int headerEnd(byte[] b, int from, int len) {
        if (from == 0 && len > 0 && (b[0] == '\n' || len > 1 && b[0] == '\r' && b[1] == '\n')) {
            return 0;
        }
        for (int k = Math.max(from, 1); k < len; k++) {
            if (b[k] == '\n' && b[k - 1] == '\n') {
                return k;
            }
            if (b[k] == '\n' && b[k - 1] == '\r' && k >= 2 && b[k - 2] == '\n') {
                return k - 1;
            }
        }
        return -1;
    }

    /** Parses header lines in {@code b[0, len)}. */
    static HeaderFields parse(byte[] b, int len) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
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
        return new HeaderFields(out);
    }

    private static String decode(byte[] b, int from, int to) {
        for (int k = from; k < to; k++) {
            if (b[k] < 0) {
                return new String(b, from, to - from, StandardCharsets.UTF_8);
            }
        }
        return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    }

    /** The value of the first field named {@code name} (case-insensitive). */
    public Optional<String> first(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (Map.Entry<String, String> e : fields) {
            if (e.getKey().toLowerCase(Locale.ROOT).equals(n)) {
                return Optional.of(e.getValue());
            }
        }
        return Optional.empty();
    }

    /**
     * The envelope sender of a {@code Return-Path:} field: the address between angle
     * brackets, {@code ""} for {@code <>}; empty when there is no such field.
     */
    public Optional<String> returnPath() {
        return first("Return-Path").map(v -> {
            String s = v.strip();
            int lt = s.indexOf('<');
            int gt = s.lastIndexOf('>');
            return lt >= 0 && gt > lt ? s.substring(lt + 1, gt).strip() : s;
        });
    }
}
