package dev.mailroom.mailbox.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Sequential read-ahead of a file: a daemon thread reads the chunks that follow a position into
 * direct buffers (the kernel's copy happens there), while the consumer copies them into its
 * own array and scans. The thread ends at the end of the file, on an error (handed to the
 * consumer), after {@link #stop()}, or within a tenth of a second of the channel being closed;
 * it never interrupts a read, since an interrupt would close the channel.
 */
final class ReadAhead {

    private static final int CHUNK = 512 * 1024;
    private static final int CHUNKS = 4;
    private static final long POLL_MS = 100;

    /** A chunk read at {@code pos}: data, or the end of the file (no data, no error), or an error. */
    private record Chunk(long pos, ByteBuffer data, IOException error) {
    }

    private final FileChannel channel;
    private final BlockingQueue<Chunk> filled = new ArrayBlockingQueue<>(CHUNKS + 1);
    private final BlockingQueue<ByteBuffer> free = new ArrayBlockingQueue<>(CHUNKS);
    private final Thread thread;
    private volatile boolean stopped;
    private long next;
    private Chunk current;
    private boolean atEnd;

    /**
     * Starts reading ahead from {@code start}.
     *
     * @param channel an open channel; only positional reads are made
     * @param start the first position the consumer will ask for
     */
    ReadAhead(FileChannel channel, long start) {
        this.channel = channel;
        this.next = start;
        for (int k = 0; k < CHUNKS; k++) {
            free.add(ByteBuffer.allocateDirect(CHUNK));
        }
        thread = new Thread(() -> run(start), "mailroom-mbox-read-ahead");
        thread.setDaemon(true);
        thread.start();
    }

    private void run(long start) {
        long pos = start;
        try {
            while (!stopped) {
                ByteBuffer b = free.poll(POLL_MS, TimeUnit.MILLISECONDS);
                if (b == null) {
                    if (!channel.isOpen()) {
                        return;
                    }
                    continue;
                }
                b.clear();
                while (b.hasRemaining()) {
                    if (channel.read(b, pos + b.position()) < 0) {
                        break;
                    }
                }
                b.flip();
                if (!b.hasRemaining()) {
                    hand(new Chunk(pos, null, null));
                    return;
                }
                long at = pos;
                pos += b.remaining();
                hand(new Chunk(at, b, null));
            }
        } catch (IOException e) {
            try {
                hand(new Chunk(pos, null, e));
            } catch (InterruptedException stop) {
                Thread.currentThread().interrupt();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void hand(Chunk c) throws InterruptedException {
        while (!stopped && !filled.offer(c, POLL_MS, TimeUnit.MILLISECONDS)) {
            if (!channel.isOpen()) {
                return;
            }
        }
    }

    /**
     * Copies the bytes at {@code pos} into {@code dst}.
     *
     * @return the number of bytes copied (at least 1), -1 at the end of the file, or -2 when
     *     {@code pos} is not where the previous read ended (the caller then reads for itself)
     * @throws IOException the error the reading thread met
     */
    int read(byte[] dst, int off, int len, long pos) throws IOException {
        if (pos != next || stopped) {
            return -2;
        }
        if (atEnd) {
            return -1;
        }
        while (current == null) {
            Chunk c;
            try {
                c = filled.poll(POLL_MS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while reading ahead");
            }
            if (c == null) {
                if (!thread.isAlive() && filled.isEmpty()) {
                    return -2; // the reader stopped (channel closed): let the caller's own read report it
                }
                continue;
            }
            if (c.error() != null) {
                stop();
                throw new IOException(c.error().getMessage(), c.error());
            }
            if (c.data() == null) {
                atEnd = true;
                return -1;
            }
            // the file may have been cut since the chunk was read: what is gone is not handed out
            long size = channel.size();
            if (c.pos() >= size) {
                atEnd = true;
                stop();
                return -1;
            }
            if (c.pos() + c.data().remaining() > size) {
                c.data().limit((int) (size - c.pos()));
            }
            current = c;
        }
        ByteBuffer d = current.data();
        int n = Math.min(len, d.remaining());
        d.get(dst, off, n);
        next += n;
        if (!d.hasRemaining()) {
            free.offer(d);
            current = null;
        }
        return n;
    }

    /** Stops the reading thread (it ends within a tenth of a second). */
    void stop() {
        stopped = true;
    }
}
