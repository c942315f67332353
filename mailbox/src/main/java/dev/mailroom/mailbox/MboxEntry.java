package dev.mailroom.mailbox;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * Where one message of an mbox file lies, and what its separator line and status headers say.
 * Offsets are byte offsets from the start of the file ({@code long}: files over 2 GiB work).
 *
 * @param number the position of the message in the file, from 1
 * @param fromOffset where its {@code From } line starts
 * @param contentOffset where the message itself starts (after the {@code From } line)
 * @param contentEnd where the message ends (exclusive), before the blank line that
 *     separates it from the next {@code From } line
 * @param from its {@code From } line: as stored ({@link FromLine#line()}, decoded as UTF-8,
 *     invalid bytes replaced), envelope sender and date
 * @param flags the flags of its {@code Status:}, {@code X-Status:} and {@code X-Keywords:}
 *     headers
 * @param uid the value of its {@code X-UID:} header, when it has a valid one
 * @param contentLength the value of its {@code Content-Length:} header, when it has a valid
 *     one (read in every format, honoured only in those where
 *     {@link MboxFormat#usesContentLength()})
 * @param truncated true when the file ends inside the message's header section, or before
 *     the end its honoured {@code Content-Length:} announces
 */
public record MboxEntry(long number, long fromOffset, long contentOffset, long contentEnd,
        FromLine from, MessageFlags flags, OptionalLong uid, OptionalLong contentLength,
        boolean truncated) {

    /**
     * Checks the components.
     *
     * @throws IllegalArgumentException when the offsets are not in order
     */
    public MboxEntry {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(flags, "flags");
        Objects.requireNonNull(uid, "uid");
        Objects.requireNonNull(contentLength, "contentLength");
        if (number < 1 || fromOffset < 0 || contentOffset < fromOffset || contentEnd < contentOffset) {
            throw new IllegalArgumentException("bad mbox entry #" + number + " offsets " + fromOffset
                    + "/" + contentOffset + "/" + contentEnd);
        }
    }

    /** The number of bytes of the message as stored (quoted, line ends as in the file). */
    public long storedSize() {
        return contentEnd - contentOffset;
    }
}
