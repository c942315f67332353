package dev.mailroom.smtp.internal;

import dev.mailroom.smtp.BodyType;
import dev.mailroom.smtp.DsnReturn;

/**
 * The parameters of one {@code MAIL FROM} command. {@code null} means "not sent".
 *
 * @param size the message size for {@code SIZE=} (RFC 1870), or -1 to leave it out
 * @param body the {@code BODY=} value, or null
 * @param smtpUtf8 whether to send {@code SMTPUTF8} (RFC 6531)
 * @param ret the {@code RET=} value (RFC 3461), or null
 * @param envid the envelope id for {@code ENVID=} before xtext encoding (printable ASCII, at
 *     most 100 characters encoded), or null
 */
public record MailParameters(long size, BodyType body, boolean smtpUtf8, DsnReturn ret, String envid) {

    /** No parameters at all. */
    public static final MailParameters NONE = new MailParameters(-1, null, false, null, null);

    /**
     * @throws IllegalArgumentException when {@code size} is below -1
     */
    public MailParameters {
        if (size < -1) {
            throw new IllegalArgumentException("size must be -1 (none) or at least 0: " + size);
        }
    }
}
