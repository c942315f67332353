package dev.mailroom.smtp;

/**
 * A command was refused before anything was sent, because a value taken from an address or
 * parameter would have put a forbidden octet on the wire (CR, LF, NUL or another control
 * character, checked on the encoded bytes), cannot be encoded in the negotiated charset
 * (non-ASCII without SMTPUTF8), or breaks the syntax of its field (for example an
 * {@code ENVID} longer than 100 characters). The message names the field and the offending
 * character; it never carries an AUTH response.
 */
public final class UnsafeCommandException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String field;

    /**
     * Creates the exception.
     *
     * @param field the name of the field that was refused (for example {@code "ENVID"})
     * @param message what is wrong
     */
    public UnsafeCommandException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    /** @return the name of the refused field, for example {@code "MAIL FROM address"} */
    public String field() {
        return field;
    }
}
