package dev.mailroom.smtp;

/** The {@code BODY} parameter of {@code MAIL FROM} (RFC 6152 and RFC 3030). */
public enum BodyType {
    /** {@code BODY=7BIT}: only 7-bit data. */
    SEVEN_BIT,
    /** {@code BODY=8BITMIME}: 8-bit data in lines (needs the {@code 8BITMIME} extension). */
    EIGHT_BIT_MIME,
    /** {@code BODY=BINARYMIME}: binary data (needs {@code BINARYMIME} and BDAT). */
    BINARY_MIME;

    /** @return the keyword as sent: {@code 7BIT}, {@code 8BITMIME} or {@code BINARYMIME} */
    public String keyword() {
        return switch (this) {
            case SEVEN_BIT -> "7BIT";
            case EIGHT_BIT_MIME -> "8BITMIME";
            case BINARY_MIME -> "BINARYMIME";
        };
    }
}
