package dev.mailroom.smtp;

import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * The server broke the protocol: a reply that is not a reply, a multiline reply whose lines
 * carry different codes, a line or reply over the {@link ReplyLimits}, or the end of the
 * stream in the middle of a reply. Carries what was read, so that a log or a bounce can show
 * it. The connection must not be used any further.
 */
public final class SmtpProtocolException extends IOException {

    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Problem {
        /** A line that does not start with a three-digit code followed by space, hyphen or end. */
        GARBAGE,
        /** The lines of one multiline reply carry different codes. */
        MIXED_CODES,
        /** A line is longer than {@link ReplyLimits#maxLineLength()}. */
        LINE_TOO_LONG,
        /** A reply has more lines than {@link ReplyLimits#maxLines()}. */
        TOO_MANY_LINES,
        /** The stream ended before the reply was complete (or before it began). */
        END_OF_STREAM
    }

    private final Problem problem;
    private final String[] linesRead;

    /**
     * Creates the exception.
     *
     * @param problem what went wrong
     * @param detail a description of the problem
     * @param linesRead the lines read so far, as decoded text without CRLF (the offending
     *     line last, cut to the limit where it was over-long)
     */
    public SmtpProtocolException(Problem problem, String detail, List<String> linesRead) {
        super(message(problem, detail, linesRead));
        this.problem = Objects.requireNonNull(problem, "problem");
        this.linesRead = linesRead.toArray(new String[0]);
    }

    /** @return what went wrong */
    public Problem problem() {
        return problem;
    }

    /** @return the lines of the reply read before the failure, the offending line last; may be empty */
    public List<String> linesRead() {
        return List.of(linesRead);
    }

    private static String message(Problem problem, String detail, List<String> lines) {
        StringBuilder sb = new StringBuilder("SMTP protocol error (").append(problem).append("): ").append(detail);
        if (!lines.isEmpty()) {
            sb.append("; read:");
            int shown = 0;
            for (String line : lines) {
                if (shown++ == 5) {
                    sb.append(" ... (").append(lines.size()).append(" lines)");
                    break;
                }
                String l = line.length() > 200 ? line.substring(0, 200) + "..." : line;
                sb.append(" \"").append(Reply.escape(l)).append('"');
            }
        }
        return sb.toString();
    }
}
