package dev.mailroom.smtp.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * Writes a message as {@code BDAT} chunks (RFC 3030 CHUNKING), streaming through one
 * chunk-sized buffer. There is no dot-stuffing and no end-of-data line: each chunk is
 * announced by {@code BDAT size} and the last by {@code BDAT size LAST}. Line endings are
 * still normalised as {@link DotStuffingOutputStream} does (bare CR and bare LF become CRLF) and a
 * final CRLF is added when the message lacks one, so that the receiver gets the same message
 * whichever command carried it.
 *
 * <p>After each chunk (command and data) is written and flushed, the {@link ChunkListener}
 * is called; the engine reads the server's reply there (or, with pipelining, later).
 * {@link #close()} sends the last chunk but never closes the underlying stream. Not
 * thread-safe.
 */
public final class BdatOutputStream extends CrlfOutputStream {

    /** Called after each chunk was sent. */
    @FunctionalInterface
    public interface ChunkListener {
        /**
         * @param size the chunk's data size in octets
         * @param last whether it was the {@code LAST} chunk
         * @throws IOException to abort the transfer (for example on a negative reply)
         */
        void chunkSent(long size, boolean last) throws IOException;
    }

    /** The default chunk size. */
    public static final int DEFAULT_CHUNK = 64 * 1024;

    private final OutputStream out;
    private final ChunkListener listener;
    private final byte[] chunk;
    private int n;
    private long wireBytes;
    private int chunks;

    /**
     * @param out the connection's output stream
     * @param chunkSize the data size of each chunk but the last, in octets (at least 16)
     * @param listener told after each chunk
     * @throws IllegalArgumentException when {@code chunkSize} is below 16
     */
    public BdatOutputStream(OutputStream out, int chunkSize, ChunkListener listener) {
        super(false);
        this.out = Objects.requireNonNull(out, "out");
        this.listener = Objects.requireNonNull(listener, "listener");
        if (chunkSize < 16) {
            throw new IllegalArgumentException("chunk size must be at least 16: " + chunkSize);
        }
        this.chunk = new byte[chunkSize];
    }

    @Override
    void emit(byte b) throws IOException {
        if (n == chunk.length) {
            send(false);
        }
        chunk[n++] = b;
    }

    private void send(boolean last) throws IOException {
        byte[] cmd = SmtpCommands.bdat(n, last);
        out.write(cmd);
        out.write(chunk, 0, n);
        out.flush();
        wireBytes += cmd.length + n;
        long size = n;
        n = 0;
        chunks++;
        listener.chunkSent(size, last);
    }

    /**
     * Does nothing beyond flushing the underlying stream: a chunk is sent only when full or
     * at {@link #finish()}, because its size must be announced first.
     */
    @Override
    public void flush() throws IOException {
        out.flush();
    }

    /** Sends the rest as the {@code LAST} chunk (possibly {@code BDAT 0 LAST}). */
    @Override
    void endOfMessage() throws IOException {
        send(true);
    }

    /** @return octets passed to the underlying stream (BDAT commands included) */
    public long wireBytes() {
        return wireBytes;
    }

    /** @return the number of chunks sent so far */
    public int chunks() {
        return chunks;
    }

    @Override
    String finishedMessage() {
        return "BDAT transfer already finished";
    }
}
