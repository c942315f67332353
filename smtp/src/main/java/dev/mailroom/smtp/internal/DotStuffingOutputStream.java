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
public final class DotStuffingOutputStream extends OutputStream {

    /** The default buffer size. */
    public static final int DEFAULT_BUFFER = 16 * 1024;

    private final OutputStream out;
    private final byte[] buf;
    private int n;
    private boolean atLineStart = true;
    private boolean pendingCr;
    private boolean finished;
    private long messageBytes;
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
        this.out = Objects.requireNonNull(out, "out");
        if (bufferSize < 16) {
            throw new IllegalArgumentException("buffer size must be at least 16: " + bufferSize);
        }
        this.buf = new byte[bufferSize];
    }

    @Override
    public void write(int b) throws IOException {
        ensureOpen();
        messageBytes++;
        put((byte) b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        ensureOpen();
        messageBytes += len;
        for (int i = off; i < off + len; i++) {
            put(b[i]);
        }
    }

    private void put(byte b) throws IOException {
        if (pendingCr) {
            pendingCr = false;
            crlf();
            if (b == '\n') {
                return;
            }
        }
        if (b == '\r') {
            pendingCr = true;
        } else if (b == '\n') {
            crlf();
        } else {
            if (atLineStart && b == '.') {
                emit((byte) '.');
            }
            atLineStart = false;
            emit(b);
        }
    }

    private void crlf() throws IOException {
        emit((byte) '\r');
        emit((byte) '\n');
        atLineStart = true;
    }

    private void emit(byte b) throws IOException {
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

    /**
     * Ends the message: the pending line ending, a CRLF if the last line had none, and the
     * end-of-data line {@code .CRLF}; then flushes. Later writes fail; calling it again does
     * nothing.
     *
     * @throws IOException when writing fails
     */
    public void finish() throws IOException {
        if (finished) {
            return;
        }
        if (pendingCr) {
            pendingCr = false;
            crlf();
        }
        if (!atLineStart) {
            crlf();
        }
        emit((byte) '.');
        emit((byte) '\r');
        emit((byte) '\n');
        finished = true;
        flush();
    }

    /** Same as {@link #finish()}; the underlying stream stays open. */
    @Override
    public void close() throws IOException {
        finish();
    }

    /** @return octets of message data written to this stream */
    public long messageBytes() {
        return messageBytes;
    }

    /** @return octets passed to the underlying stream so far (stuffing, CRLFs and the final dot included) */
    public long wireBytes() {
        return wireBytes;
    }

    private void ensureOpen() throws IOException {
        if (finished) {
            throw new IOException("DATA already finished");
        }
    }
}
