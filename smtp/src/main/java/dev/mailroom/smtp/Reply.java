package dev.mailroom.smtp;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A server reply: the three-digit code, the RFC 3463 enhanced status when the server gave
 * one, and the text of each line. Immutable.
 *
 * <p>The enhanced status is taken from the start of the first line's text when it is a valid
 * {@link EnhancedStatus} whose class equals the first digit of the code and the code is
 * 2xx, 4xx or 5xx (RFC 2034 section 4); otherwise there is none.
 */
public final class Reply {

    private final int code;
    private final List<String> lines;
    private final EnhancedStatus status;

    private Reply(int code, List<String> lines) {
        this.code = code;
        this.lines = lines;
        this.status = detectStatus(code, lines.get(0));
    }

    /**
     * Creates a reply from its code and line texts (without the {@code "250-"} prefix).
     *
     * @param code the reply code, 200 to 599 with a second digit 0 to 5 (RFC 5321 section 4.2)
     * @param lines the texts, at least one (may be empty strings); an enhanced status at the
     *     start of the first text is recognised
     * @return the reply
     * @throws IllegalArgumentException when the code is out of range, there is no line, or a
     *     line holds a CR, LF or NUL
     * @throws NullPointerException when {@code lines} or one of its elements is null
     */
    public static Reply of(int code, List<String> lines) {
        if (code < 200 || code > 599 || (code / 10) % 10 > 5) {
            throw new IllegalArgumentException("reply code must be 2xx to 5xx with a second digit 0 to 5: " + code);
        }
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("a reply has at least one line");
        }
        List<String> copy = new ArrayList<>(lines.size());
        for (String line : lines) {
            Objects.requireNonNull(line, "line");
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (c == '\r' || c == '\n' || c == 0) {
                    throw new IllegalArgumentException("reply line holds a CR, LF or NUL: \"" + escape(line) + "\"");
                }
            }
            copy.add(line);
        }
        return new Reply(code, List.copyOf(copy));
    }

    /**
     * Creates a reply from its code and line texts.
     *
     * @param code the reply code
     * @param lines the texts, at least one
     * @return the reply
     * @throws IllegalArgumentException as {@link #of(int, List)}
     */
    public static Reply of(int code, String... lines) {
        return of(code, List.of(lines));
    }

    private static EnhancedStatus detectStatus(int code, String first) {
        int n = EnhancedStatus.prefixLength(first, 0);
        if (n < 0 || first.charAt(0) - '0' != code / 100) {
            return null;
        }
        return EnhancedStatus.fromPrefix(first, n);
    }

    /** @return the three-digit reply code */
    public int code() {
        return code;
    }

    /** @return the enhanced status code of the reply, or empty when the server gave none */
    public Optional<EnhancedStatus> enhancedStatus() {
        return Optional.ofNullable(status);
    }

    /** @return the text of each line as received (enhanced status included), at least one */
    public List<String> lines() {
        return lines;
    }

    /**
     * The text of the reply without its code and without the enhanced status at the start of
     * each line (where a line starts with the same status as the first), lines joined with a
     * space, as it is shown in a log or bounce ("no such user here").
     *
     * @return the text
     */
    public String text() {
        StringBuilder sb = new StringBuilder();
        String prefix = status == null ? null : lines.get(0).substring(0, EnhancedStatus.prefixLength(lines.get(0), 0));
        for (String line : lines) {
            String t = line;
            if (prefix != null && t.startsWith(prefix)
                    && (t.length() == prefix.length() || t.charAt(prefix.length()) == ' ')) {
                t = t.substring(Math.min(t.length(), prefix.length() + 1));
            }
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(t);
        }
        return sb.toString();
    }

    /** @return true for 2xx */
    public boolean isPositive() {
        return code / 100 == 2;
    }

    /** @return true for 3xx (for example 354 after DATA) */
    public boolean isIntermediate() {
        return code / 100 == 3;
    }

    /** @return true for 4xx: a transient failure, try again later */
    public boolean isTransientFailure() {
        return code / 100 == 4;
    }

    /** @return true for 5xx: a permanent failure */
    public boolean isPermanentFailure() {
        return code / 100 == 5;
    }

    /**
     * The reply as it was sent, one line per line without CRLF: {@code 250-first\n250 last}.
     * Control characters are shown escaped.
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            if (i > 0) {
                sb.append('\n');
            }
            sb.append(code).append(i == lines.size() - 1 ? ' ' : '-').append(escape(lines.get(i)));
        }
        return sb.toString();
    }

    /** Equal when code and line texts are equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Reply r && r.code == code && r.lines.equals(lines);
    }

    @Override
    public int hashCode() {
        return code * 31 + lines.hashCode();
    }

    /** Escapes control characters and backslashes for messages. */
    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\r' -> sb.append("\\r");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
                        sb.append(String.format("\\u%04X", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }
}
