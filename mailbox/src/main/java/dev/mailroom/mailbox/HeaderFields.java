package dev.mailroom.mailbox;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
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
        return read(source::read);
    }

    /** Reads from a channel (as {@link #read(InputStream)}); used by {@link Maildir#headers}. */
    static HeaderFields read(ReadableByteChannel source) throws IOException {
        return read((b, off, n) -> source.read(ByteBuffer.wrap(b, off, n)));
    }

    /** A source of bytes: {@link InputStream#read(byte[], int, int)}'s contract. */
    private interface Source {
        int read(byte[] b, int off, int len) throws IOException;
    }

    private static HeaderFields read(Source source) throws IOException {
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
        String value = null;
        StringBuilder folded = null;
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
                if (folded == null) {
                    folded = new StringBuilder(value);
                }
                folded.append(' ').append(stripped(b, pos, stop));
            } else {
                if (name != null) {
                    out.add(Map.entry(name, folded == null ? value : folded.toString()));
                    name = null;
                    folded = null;
                }
                int colon = pos;
                while (colon < stop && b[colon] != ':') {
                    colon++;
                }
                if (colon > pos && colon < stop) {
                    name = stripped(b, pos, colon);
                    value = stripped(b, colon + 1, stop);
                }
            }
            pos = lf + 1;
        }
        if (name != null) {
            out.add(Map.entry(name, folded == null ? value : folded.toString()));
        }
        return new HeaderFields(out);
    }

    /**
     * {@code b[from, to)} decoded (UTF-8 when it has a byte above 127, else ISO-8859-1) and
     * {@linkplain String#strip() stripped}; ASCII white space at the ends is dropped before
     * decoding, which gives the same string with fewer copies.
     */
    private static String stripped(byte[] b, int from, int to) {
        while (from < to && asciiSpace(b[from])) {
            from++;
        }
        while (to > from && asciiSpace(b[to - 1])) {
            to--;
        }
        for (int k = from; k < to; k++) {
            if (b[k] < 0) {
                return new String(b, from, to - from, StandardCharsets.UTF_8).strip();
            }
        }
        return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    }

    /** The ASCII characters {@link Character#isWhitespace} accepts. */
    private static boolean asciiSpace(byte c) {
        return c == ' ' || c >= '\t' && c <= '\r' || c >= 0x1C && c <= 0x1F;
    }

    /** The value of the first field named {@code name} (case-insensitive). */
    public Optional<String> first(String name) {
        String n = null;
        for (Map.Entry<String, String> e : fields) {
            String k = e.getKey();
            int ascii = asciiEqualsIgnoreCase(k, name);
            if (ascii > 0) {
                return Optional.of(e.getValue());
            }
            if (ascii < 0) {
                // a non-ASCII name: compare as Locale.ROOT lower case does
                if (n == null) {
                    n = name.toLowerCase(Locale.ROOT);
                }
                if (k.toLowerCase(Locale.ROOT).equals(n)) {
                    return Optional.of(e.getValue());
                }
            }
        }
        return Optional.empty();
    }

    /** 1 when equal ignoring ASCII case, 0 when not, -1 when a non-ASCII character decides. */
    private static int asciiEqualsIgnoreCase(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int k = 0; k < n; k++) {
            char x = a.charAt(k);
            char y = b.charAt(k);
            if (x >= 0x80 || y >= 0x80) {
                return -1;
            }
            if (x != y) {
                if (x >= 'A' && x <= 'Z') {
                    x += 'a' - 'A';
                }
                if (y >= 'A' && y <= 'Z') {
                    y += 'a' - 'A';
                }
                if (x != y) {
                    return 0;
                }
            }
        }
        if (a.length() == b.length()) {
            return 1;
        }
        // a longer string with only ASCII in the common part may still fold to equal if the
        // rest is non-ASCII (e.g. U+0130 lower-cases to two characters)
        String rest = a.length() > n ? a : b;
        for (int k = n; k < rest.length(); k++) {
            if (rest.charAt(k) >= 0x80) {
                return -1;
            }
        }
        return 0;
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
