package dev.mailroom.mailbox;

import java.io.ByteArrayOutputStream;
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
     * The stream is read through a buffer: where it stands afterwards is unspecified.
     *
     * @throws IOException when the stream fails
     */
    public static HeaderFields read(InputStream source) throws IOException {
        InputStream in = source instanceof java.io.BufferedInputStream || source instanceof java.io.ByteArrayInputStream
                ? source : new java.io.BufferedInputStream(source, 4096);
        List<Map.Entry<String, String>> out = new ArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        String pendingName = null;
        StringBuilder pendingValue = new StringBuilder();
        int total = 0;
        while (total < MAX_HEADER_BYTES) {
            line.reset();
            int c;
            while ((c = in.read()) >= 0 && c != '\n') {
                line.write(c);
                total++;
            }
            total++;
            String s = line.toString(StandardCharsets.UTF_8);
            if (s.endsWith("\r")) {
                s = s.substring(0, s.length() - 1);
            }
            boolean end = s.isEmpty() || c < 0 && s.isEmpty();
            if (!s.isEmpty() && (s.charAt(0) == ' ' || s.charAt(0) == '\t') && pendingName != null) {
                pendingValue.append(' ').append(s.strip());
            } else {
                if (pendingName != null) {
                    out.add(Map.entry(pendingName, pendingValue.toString()));
                    pendingName = null;
                }
                int colon = s.indexOf(':');
                if (colon > 0 && !end) {
                    pendingName = s.substring(0, colon).strip();
                    pendingValue.setLength(0);
                    pendingValue.append(s.substring(colon + 1).strip());
                }
            }
            if (end || c < 0) {
                break;
            }
        }
        if (pendingName != null) {
            out.add(Map.entry(pendingName, pendingValue.toString()));
        }
        return new HeaderFields(out);
    }

    /** The value of the first field named {@code name} (case-insensitive). */
    public Optional<String> first(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return fields.stream().filter(e -> e.getKey().toLowerCase(Locale.ROOT).equals(n))
                .map(Map.Entry::getValue).findFirst();
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
