package dev.mailroom.smtp;

/**
 * Limits on a server reply, applied while it is read so that a hostile or broken server cannot
 * make the client buffer without end. Immutable.
 *
 * @param maxLineLength the longest reply line accepted, in octets, CRLF not counted
 * @param maxLines the most lines one (multiline) reply may have
 */
public record ReplyLimits(int maxLineLength, int maxLines) {

    /**
     * The default: lines up to 2048 octets (Postfix's {@code line_length_limit}) and 100 lines
     * per reply, generous for real EHLO replies.
     */
    public static final ReplyLimits DEFAULT = new ReplyLimits(2048, 100);

    /**
     * RFC 5321 section 4.5.3.1.5: reply lines up to 512 octets with the CRLF (510 without),
     * and 50 lines per reply.
     */
    public static final ReplyLimits STRICT = new ReplyLimits(510, 50);

    /**
     * Checks the limits.
     *
     * @throws IllegalArgumentException when {@code maxLineLength} is below 3 (a code) or
     *     {@code maxLines} below 1
     */
    public ReplyLimits {
        if (maxLineLength < 3) {
            throw new IllegalArgumentException("maxLineLength must be at least 3: " + maxLineLength);
        }
        if (maxLines < 1) {
            throw new IllegalArgumentException("maxLines must be at least 1: " + maxLines);
        }
    }
}
