package dev.mailroom.smtp;

/** The {@code RET} values of RFC 3461 section 4.3: what a failure notification returns. */
public enum DsnReturn {
    /** The whole message ({@code RET=FULL}). */
    FULL,
    /** Only the headers ({@code RET=HDRS}). */
    HEADERS;

    /** @return the keyword as sent: {@code FULL} or {@code HDRS} */
    public String keyword() {
        return this == FULL ? "FULL" : "HDRS";
    }
}
