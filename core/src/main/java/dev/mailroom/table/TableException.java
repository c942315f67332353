package dev.mailroom.table;

import java.io.IOException;
import java.util.Optional;

/**
 * A table could not be opened or a lookup failed. Carries, where known, the file and the line
 * that caused it; the message is worded as Postfix words it (e.g.
 * {@code open database /etc/postfix/virtual.db: No such file or directory}).
 */
public final class TableException extends IOException {

    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;

    /**
     * Creates an exception.
     *
     * @param message the Postfix-worded reason
     * @param file the file concerned, or null
     * @param line the 1-based line concerned, or 0 when none
     * @param cause the underlying failure, or null
     */
    public TableException(String message, String file, int line, Throwable cause) {
        super(message, cause);
        this.file = file;
        this.line = line;
    }

    /**
     * Creates an exception with no file or line.
     *
     * @param message the reason
     */
    public TableException(String message) {
        this(message, null, 0, null);
    }

    /** @return the file concerned, if known */
    public Optional<String> file() {
        return Optional.ofNullable(file);
    }

    /** @return the 1-based line concerned, or 0 when none */
    public int line() {
        return line;
    }
}
