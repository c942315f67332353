package dev.mailroom.smtp.internal;

import dev.mailroom.smtp.Reply;
import dev.mailroom.smtp.ReplyLimits;
import dev.mailroom.smtp.SmtpProtocolException;
import dev.mailroom.smtp.SmtpProtocolException.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads SMTP/LMTP replies from a byte stream, one complete (possibly multiline) reply per
 * {@link #read()} call, within {@link ReplyLimits}.
 *
 * <p>A reply line is {@code code SP text}, {@code code-text} (more lines follow) or a bare
 * {@code code}, ended by CRLF; a bare LF is accepted as line end (the CR before it, if any, is
 * dropped), as Postfix's reader does. The code has three digits, the first 2 to 5 and the
 * second 0 to 5 (RFC 5321 section 4.2). Text is decoded as UTF-8 (RFC 6531 servers may send
 * it); malformed sequences become U+FFFD. Control characters other than TAB in a line are
 * garbage. Every failure is a {@link SmtpProtocolException} carrying the lines read.
 *
 * <p>The reader buffers; {@link #buffered()} tells how many bytes the server sent beyond the
 * last reply, which must be zero after the {@code 220} to STARTTLS (RFC 3207 response
 * injection). Not thread-safe.
 */
public final class ReplyReader {

    private final InputStream in;
    private final ReplyLimits limits;
    private final byte[] buf = new byte[4096];
    private int pos;
    private int end;
    private final byte[] line;

    /**
     * @param in the stream the server's replies arrive on (timeouts are the socket's)
     * @param limits the limits to enforce
     */
    public ReplyReader(InputStream in, ReplyLimits limits) {
        this.in = Objects.requireNonNull(in, "in");
        this.limits = Objects.requireNonNull(limits, "limits");
        // room for the longest line plus its CR
        this.line = new byte[limits.maxLineLength() + 1];
    }

    /** @return bytes received from the server but not yet consumed as part of a reply */
    public int buffered() {
        return end - pos;
    }

    /**
     * Reads one complete reply.
     *
     * @return the reply
     * @throws SmtpProtocolException when the server sends something that is not a reply, mixes
     *     codes in a multiline reply, exceeds a limit or closes the stream before the reply
     *     ends
     * @throws IOException when reading fails (including a socket timeout)
     */
    public Reply read() throws IOException {
        List<String> texts = new ArrayList<>();
        List<String> raw = new ArrayList<>();
        int code = -1;
        while (true) {
            String l = readLine(raw);
            raw.add(l);
            if (l.length() < 3 || !isCode(l) || (l.length() > 3 && l.charAt(3) != ' ' && l.charAt(3) != '-')) {
                throw new SmtpProtocolException(Problem.GARBAGE,
                        "reply line does not start with a reply code and a space or hyphen", raw);
            }
            for (int i = 4; i < l.length(); i++) {
                char c = l.charAt(i);
                if ((c < 0x20 && c != '\t') || c == 0x7f) {
                    throw new SmtpProtocolException(Problem.GARBAGE,
                            String.format("control character U+%04X in reply line at index %d", (int) c, i), raw);
                }
            }
            int lineCode = Integer.parseInt(l.substring(0, 3));
            if (code < 0) {
                code = lineCode;
            } else if (lineCode != code) {
                throw new SmtpProtocolException(Problem.MIXED_CODES,
                        "multiline reply mixes codes " + code + " and " + lineCode, raw);
            }
            texts.add(l.length() > 4 ? l.substring(4) : "");
            boolean last = l.length() == 3 || l.charAt(3) == ' ';
            if (last) {
                return Reply.of(code, texts);
            }
            if (texts.size() >= limits.maxLines()) {
                throw new SmtpProtocolException(Problem.TOO_MANY_LINES,
                        "reply has more than " + limits.maxLines() + " lines", raw);
            }
        }
    }

    private static boolean isCode(String l) {
        char a = l.charAt(0);
        char b = l.charAt(1);
        char c = l.charAt(2);
        return a >= '2' && a <= '5' && b >= '0' && b <= '5' && c >= '0' && c <= '9';
    }

    /** One line without its CRLF (or LF). */
    private String readLine(List<String> before) throws IOException {
        int n = 0;
        while (true) {
            if (pos == end && !fill()) {
                List<String> got = new ArrayList<>(before);
                if (n > 0) {
                    got.add(new String(line, 0, n, StandardCharsets.UTF_8));
                }
                throw new SmtpProtocolException(Problem.END_OF_STREAM,
                        got.isEmpty() ? "connection closed before a reply" : "connection closed in the middle of a reply",
                        got);
            }
            byte b = buf[pos++];
            if (b == '\n') {
                if (n > 0 && line[n - 1] == '\r') {
                    n--;
                }
                if (n > limits.maxLineLength()) {
                    throw tooLong(before, n);
                }
                return new String(line, 0, n, StandardCharsets.UTF_8);
            }
            if (n == line.length) {
                throw tooLong(before, n);
            }
            line[n++] = b;
        }
    }

    private SmtpProtocolException tooLong(List<String> before, int n) {
        List<String> got = new ArrayList<>(before);
        got.add(new String(line, 0, Math.min(n, limits.maxLineLength()), StandardCharsets.UTF_8));
        return new SmtpProtocolException(Problem.LINE_TOO_LONG,
                "reply line longer than " + limits.maxLineLength() + " octets", got);
    }

    private boolean fill() throws IOException {
        int r = in.read(buf, 0, buf.length);
        if (r <= 0) {
            // read() blocks until at least one byte; 0 only for a zero-length buffer
            return false;
        }
        pos = 0;
        end = r;
        return true;
    }
}
