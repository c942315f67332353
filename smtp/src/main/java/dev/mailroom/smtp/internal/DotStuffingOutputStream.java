package dev.mailroom.smtp.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * Writes a message as the body of the SMTP {@code DATA} command (RFC 5321 section 4.5.2),
 * streaming through a fixed buffer: the message is never held in memory.
 *
 * <ul>
 *   <li>Every line ending becomes CRLF: a bare LF, a bare CR and CRLF each end one line.
 *       So no {@code CRLF.CRLF} can be formed from {@code \n.\n}, {@code \r.\r} or mixtures,
 *       and the server sees exactly the lines this stream saw.</li>
 *   <li>A line that starts with {@code .} gets a second {@code .} (dot-stuffing).</li>
 *   <li>{@link #finish()} adds a CRLF when the message does not end with a line ending and
 *       then the end-of-data line {@code .CRLF}. An empty message is sent as {@code .CRLF}
 *       alone.</li>
 * </ul>
 *
 * <p>{@link #close()} finishes but never closes the underlying stream (the connection goes
 * on). Not thread-safe.
 */
public final class DotStuffingOutputStream extends CrlfOutputStream {

    /** The default buffer size. */
    public static final int DEFAULT_BUFFER = 16 * 1024;

    private final OutputStream out;
    private final byte[] buf;
    private int n;
    private long wireBytes;

    /**
     * @param out the connection's output stream
     */
    public DotStuffingOutputStream(OutputStream out) {
        this(out, DEFAULT_BUFFER);
    }

    /**
     * @param out the connection's output stream
     * @param bufferSize the buffer size in octets (at least 16)
     * @throws IllegalArgumentException when {@code bufferSize} is below 16
     */
    public DotStuffingOutputStream(OutputStream out, int bufferSize) {
        super(true);
        this.out = Objects.requireNonNull(out, "out");
        if (bufferSize < 16) {
            throw new IllegalArgumentException("buffer size must be at least 16: " + bufferSize);
        }
        this.buf = new byte[bufferSize];
    }

    @Override
    void emit(byte b) throws IOException {
        if (n == buf.length) {
            drain();
        }
        buf[n++] = b;
    }

    private void drain() throws IOException {
        if (n > 0) {
            out.write(buf, 0, n);
            wireBytes += n;
            n = 0;
        }
    }

    /**
     * Sends what is buffered (an incomplete CR is held back until the next octet tells whether
     * it is part of a CRLF).
     */
    @Override
    public void flush() throws IOException {
        drain();
        out.flush();
    }

    /** Writes the end-of-data line {@code .CRLF} and flushes. */
    @Override
    void endOfMessage() throws IOException {
        emit((byte) '.');
        emit((byte) '\r');
        emit((byte) '\n');
        flush();
    }

    /** @return octets passed to the underlying stream so far (stuffing, CRLFs and the final dot included) */
    public long wireBytes() {
        return wireBytes;
    }

    @Override
    String finishedMessage() {
        return "DATA already finished";
    }
}
