package dev.mailroom.mailbox;

import java.util.Optional;

/**
 * A system flag of a message, as Maildir names it after {@code :2,} and as mutt and Dovecot
 * keep it in an mbox's {@code Status:} and {@code X-Status:} headers.
 *
 * <p>The constants are declared in the ASCII order of their Maildir letters, which is the
 * order Maildir writers must use in a file name.
 */
public enum Flag {
    /** {@code D}: a draft ({@code X-Status: T} in an mbox). */
    DRAFT('D'),
    /** {@code F}: flagged for attention ({@code X-Status: F}). */
    FLAGGED('F'),
    /** {@code P}: passed (forwarded, resent or bounced); no mbox equivalent. */
    PASSED('P'),
    /** {@code R}: replied to ({@code X-Status: A}, "answered"). */
    REPLIED('R'),
    /** {@code S}: seen ({@code Status: R}, "read"). */
    SEEN('S'),
    /** {@code T}: trashed, to be expunged ({@code X-Status: D}, "deleted"). */
    TRASHED('T');

    private final char letter;

    Flag(char letter) {
        this.letter = letter;
    }

    /** The Maildir letter of this flag, e.g. {@code 'S'} for {@link #SEEN}. */
    public char letter() {
        return letter;
    }

    /**
     * The flag a Maildir letter stands for.
     *
     * @param letter a character from a Maildir info part
     * @return the flag, or empty when the letter is not a system flag (lower-case letters are
     *     Dovecot keywords)
     */
    public static Optional<Flag> ofLetter(char letter) {
        for (Flag f : values()) {
            if (f.letter == letter) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
