package dev.mailroom.config;

import java.util.Optional;

/**
 * A Postfix configuration file that Postfix itself would refuse: a {@code main.cf} line
 * without {@code =}, a {@code master.cf} line with a bad field count, an expansion that
 * does not parse or recurses without end, a value of the wrong type.
 *
 * <p>The message is worded as Postfix words the fatal error, for example
 * {@code /etc/postfix/main.cf, line 2: missing '=' after attribute name: "this is bad"};
 * {@link #file()}, {@link #line()} and {@link #detail()} carry the parts as data.
 *
 * <p>It is unchecked because most of these errors surface when a value is read, long after
 * the file was loaded (Postfix expands values lazily too).
 */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @serial the file name, or null */
    private final String file;
    /** @serial the 1-based line number, or 0 */
    private final int line;
    /** @serial what is wrong */
    private final String detail;

    /**
     * @param message the full message, worded as Postfix words it
     * @param file the file the error is in, or {@code null} when not tied to a file
     * @param line the 1-based line, or 0 when not tied to a line
     * @param detail what is wrong, without the file and line
     */
    public ConfigException(String message, String file, int line, String detail) {
        super(message);
        this.file = file;
        this.line = line;
        this.detail = detail;
    }

    /** An error in a file at a line, worded {@code FILE, line N: detail}. */
    static ConfigException atLine(String file, int line, String detail) {
        return new ConfigException(file + ", line " + line + ": " + detail, file, line, detail);
    }

    /** @return the file the error is in, when known */
    public Optional<String> file() {
        return Optional.ofNullable(file);
    }

    /** @return the 1-based line number of the offending logical line, or 0 when not known */
    public int line() {
        return line;
    }

    /** @return what is wrong, without file and line */
    public String detail() {
        return detail;
    }
}
