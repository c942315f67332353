package dev.mailroom.table;

import java.util.Objects;

/**
 * A problem Postfix reports as a warning while reading a table source (the entry is skipped or
 * kept as Postfix does). {@link #message()} is the complete Postfix wording, e.g.
 * {@code /etc/postfix/virtual, line 3: expected format: key whitespace value}.
 *
 * @param source the file (or spec) concerned
 * @param line the 1-based line, or 0 when the warning concerns no single line
 * @param message the Postfix-worded text
 */
public record TableWarning(String source, int line, String message) {

    /**
     * Checks the components.
     *
     * @throws NullPointerException when source or message is null
     * @throws IllegalArgumentException when line is negative
     */
    public TableWarning {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(message, "message");
        if (line < 0) {
            throw new IllegalArgumentException("line must be >= 0: " + line);
        }
    }

    @Override
    public String toString() {
        return message;
    }
}
