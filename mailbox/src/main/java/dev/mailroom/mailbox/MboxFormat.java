package dev.mailroom.mailbox;

/**
 * The mbox conventions: how {@code From } lines inside a message are quoted, and whether the
 * {@code Content-Length:} header tells where a message ends.
 *
 * <p>All variants separate messages with a {@code From } line; a reader of any variant finds
 * the same separators in a file written by Postfix. They differ in what is undone when a
 * message is read and in what is quoted when one is written.
 */
public enum MboxFormat {
    /**
     * mboxo, what Postfix {@code local(8)} writes: a body line starting with {@code From } is
     * written as {@code >From }; {@code >From } lines are left alone, so reading removes one
     * {@code >} from lines that start with {@code >From } (the original text of such a line
     * cannot be told apart). The default.
     */
    MBOXO(false),
    /**
     * mboxrd: every line matching {@code >*From } gets one more {@code >} when written and
     * loses one when read, so the quoting is reversible.
     */
    MBOXRD(false),
    /** mboxcl: mboxo quoting, and {@code Content-Length:} gives the body's length when present. */
    MBOXCL(true),
    /** mboxcl2: no quoting at all; {@code Content-Length:} gives the body's length. */
    MBOXCL2(true),
    /** Separators only: message bytes are returned exactly as stored, nothing is unquoted. */
    RAW(false);

    private final boolean contentLength;

    MboxFormat(boolean contentLength) {
        this.contentLength = contentLength;
    }

    /** True when this variant honours a message's {@code Content-Length:} header. */
    public boolean usesContentLength() {
        return contentLength;
    }
}
