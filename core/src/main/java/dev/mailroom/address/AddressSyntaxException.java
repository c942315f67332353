package dev.mailroom.address;

/**
 * Thrown when text is not a valid mail address. The message says what is wrong and at which
 * character index of the input; the same facts are available as data through
 * {@link #reason()}, {@link #index()} and {@link #input()}.
 *
 * <p>This is an {@link IllegalArgumentException}: an address is a value the caller passes in,
 * and callers that expect bad input use {@link MailAddress#tryParse(String)} instead (see
 * decision 0020). The message shows the input with control and non-ASCII characters
 * escaped (for example {@code \r}, {@code \u0000}) so that it can be logged safely, cut to
 * at most 200 characters.
 */
public final class AddressSyntaxException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private static final int MAX_SHOWN = 200;

    private final String input;
    private final String reason;
    private final int index;

    /**
     * Creates the exception.
     *
     * @param input the whole text that was parsed
     * @param reason what is wrong, without the position (for example
     *     {@code "control character U+000A (LF)"})
     * @param index the index (in UTF-16 chars) in {@code input} where the problem was found,
     *     or -1 when the problem concerns the whole input (for example a length limit)
     */
    public AddressSyntaxException(String input, String reason, int index) {
        super(message(input, reason, index));
        this.input = input;
        this.reason = reason;
        this.index = index;
    }

    /** @return the whole text that was parsed, unchanged */
    public String input() {
        return input;
    }

    /** @return what is wrong, without the position */
    public String reason() {
        return reason;
    }

    /**
     * @return the character index in {@link #input()} where the problem was found, or -1 when
     *     it concerns the whole input
     */
    public int index() {
        return index;
    }

    private static String message(String input, String reason, int index) {
        StringBuilder sb = new StringBuilder(reason);
        if (index >= 0) {
            sb.append(" at index ").append(index);
        }
        sb.append(" in address \"");
        int shown = Math.min(input.length(), MAX_SHOWN);
        for (int i = 0; i < shown; i++) {
            char c = input.charAt(i);
            switch (c) {
                case '\r' -> sb.append("\\r");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                default -> {
                    if (c < 0x20 || c >= 0x7f) {
                        sb.append(String.format("\\u%04X", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        if (shown < input.length()) {
            sb.append("...");
        }
        return sb.append('"').toString();
    }
}
