package dev.mailroom.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Postfix's logical-line reader, shared by every text format Postfix reads: table sources,
 * regexp/pcre/cidr tables, {@code main.cf} and {@code master.cf}.
 *
 * <ul>
 *   <li>Physical lines end at LF; the LF is dropped (a CR before it is kept as text, as
 *       Postfix keeps it).</li>
 *   <li>Empty lines, white-space-only lines and lines whose first non-blank character is
 *       {@code #} are skipped, even in the middle of a continued entry.</li>
 *   <li>A line starting with white space continues the previous logical line; its leading
 *       white space is kept and nothing is inserted between the two.</li>
 *   <li>Continuation text before the first logical line is dropped with the warning
 *       {@code FILE: logical line must not start with whitespace: "..."}.</li>
 * </ul>
 */
public final class LogicalLineReader {

    private LogicalLineReader() {
    }

    /**
     * Reads a file as logical lines. Bytes are decoded as UTF-8 when they are valid UTF-8,
     * otherwise as ISO-8859-1, so that no byte is lost or replaced.
     *
     * @param file the file to read
     * @param warnings receives Postfix-worded warnings, already prefixed with the file name
     * @return the logical lines in file order
     * @throws IOException when the file cannot be read
     */
    public static List<LogicalLine> read(Path file, Consumer<String> warnings) throws IOException {
        return read(decode(Files.readAllBytes(file)), file.toString(), warnings);
    }

    /**
     * Splits text into logical lines.
     *
     * @param text the whole text
     * @param name the name used in warnings (usually the file path)
     * @param warnings receives Postfix-worded warnings
     * @return the logical lines in order
     */
    public static List<LogicalLine> read(String text, String name, Consumer<String> warnings) {
        List<LogicalLine> out = new ArrayList<>();
        StringBuilder current = null;
        int currentNumber = 0;
        int number = 0;
        int start = 0;
        int len = text.length();
        while (start < len) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = len;
            }
            number++;
            String line = text.substring(start, end);
            start = end + 1;
            if (isBlankOrComment(line)) {
                continue;
            }
            if (isSpace(line.charAt(0))) {
                if (current == null) {
                    warnings.accept(name + ": logical line must not start with whitespace: \""
                            + abbreviate(line) + "\"");
                } else {
                    current.append(line);
                }
                continue;
            }
            if (current != null) {
                out.add(new LogicalLine(currentNumber, current.toString()));
            }
            current = new StringBuilder(line);
            currentNumber = number;
        }
        if (current != null) {
            out.add(new LogicalLine(currentNumber, current.toString()));
        }
        return out;
    }

    /**
     * Reads from a reader, for sources that are not files (standard input, resources).
     *
     * @throws IOException when reading fails
     */
    public static List<LogicalLine> read(Reader reader, String name, Consumer<String> warnings) throws IOException {
        StringBuilder sb = new StringBuilder();
        try (BufferedReader r = new BufferedReader(reader)) {
            char[] buf = new char[8192];
            int n;
            while ((n = r.read(buf)) > 0) {
                sb.append(buf, 0, n);
            }
        }
        return read(sb.toString(), name, warnings);
    }

    /** Decodes bytes as UTF-8 when valid, else as ISO-8859-1 (never loses a byte). */
    public static String decode(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }

    private static boolean isBlankOrComment(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '#') {
                return true;
            }
            if (!isSpace(c)) {
                return false;
            }
        }
        return true;
    }

    /** White space as C's {@code isspace} sees it in the C locale, which is what Postfix uses. */
    public static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B;
    }

    private static String abbreviate(String line) {
        // Postfix shows the first 30 characters of the offending text.
        return line.length() <= 30 ? line : line.substring(0, 30) + "...";
    }
}
