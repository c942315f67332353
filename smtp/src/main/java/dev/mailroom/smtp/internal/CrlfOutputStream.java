package dev.mailroom.smtp.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * What the DATA and BDAT streams share: every line ending becomes CRLF (a bare LF, a bare CR
 * and CRLF each end one line, so no end-of-data sequence can be smuggled through mixed
 * endings), optional dot-stuffing at line starts, and the final line ending a message needs.
 * Subclasses say where the normalised octets go ({@link #emit(byte)}) and what ends the
 * transfer ({@link #endOfMessage()}).
 */
abstract sealed class CrlfOutputStream extends OutputStream permits DotStuffingOutputStream, BdatOutputStream {

    private final boolean dotStuffing;
    private boolean atLineStart = true;
    private boolean pendingCr;
    private boolean finished;
    private long messageBytes;

    CrlfOutputStream(boolean dotStuffing) {
        this.dotStuffing = dotStuffing;
    }

    @Override
    public final void write(int b) throws IOException {
        ensureOpen();
        messageBytes++;
        put((byte) b);
    }

    @Override
    public final void write(byte[] b, int off, int len) throws IOException {
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
            if (dotStuffing && atLineStart && b == '.') {
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

    /**
     * Ends the message: the pending line ending, a CRLF if the last line had none, then
     * {@link #endOfMessage()}. Later writes fail; calling it again does nothing.
     *
     * @throws IOException when writing fails
     */
    public final void finish() throws IOException {
        if (finished) {
            return;
        }
        finished = true;
        if (pendingCr) {
            pendingCr = false;
            crlf();
        }
        if (!atLineStart) {
            crlf();
        }
        endOfMessage();
    }

    /** Same as {@link #finish()}; the underlying stream stays open. */
    @Override
    public final void close() throws IOException {
        finish();
    }

    /** @return octets of message data written to this stream */
    public final long messageBytes() {
        return messageBytes;
    }

    /** Takes one normalised octet. */
    abstract void emit(byte b) throws IOException;

    /** Ends the transfer after the message's last line ending. */
    abstract void endOfMessage() throws IOException;

    /** What a write after the end says. */
    abstract String finishedMessage();

    private void ensureOpen() throws IOException {
        if (finished) {
            throw new IOException(finishedMessage());
        }
    }
}
