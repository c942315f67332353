package dev.mailroom.mailbox.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Sequential read-ahead of a file for {@link MboxScanner}: a daemon thread reads the chunks
 * that follow a position into heap arrays, which the scanner then scans in place (no copy
 * but the few bytes of a line that crosses into the next chunk). While the scanner has a
 * chunk waiting, the thread also lists the line starts of each new chunk whose line begins
 * with {@code From } (the body search, which otherwise costs the scanner most of its time);
 * when the scanner is waiting, the chunk is handed over at once and the scanner searches it.
 * So the work is shared by whichever side has time: before the JIT has compiled the
 * scanner's per-message code the thread marks nearly every chunk, later a third to a half.
 *
 * <p>The thread ends at the end of the file, on an error (handed to the consumer), after
 * {@link #stop()}, or within a tenth of a second of the channel being closed; it never
 * interrupts a read, since an interrupt would close the channel. Memory is fixed:
 * {@link #CHUNKS} arrays of {@link #PREFIX} plus the chunk size, and one direct buffer of
 * the chunk size.
 */
final class ReadAhead {

    /**
     * The memory read ahead: a 32nd of the largest heap, at least 128 KiB and at most 2 MiB
     * (so a scan in {@code -Xmx8m} keeps 256 KiB in flight, and one with a default heap 2 MiB).
     */
    static final int AHEAD_BYTES = (int) Math.max(128 << 10, Math.min(2 << 20, Runtime.getRuntime().maxMemory() / 32));
    /**
     * The default chunk size: at most 256 KiB, so that a chunk's array stays under half of G1's
     * smallest region (a larger one would take a whole region of a small heap).
     */
    static final int CHUNK = Math.min(256 << 10, AHEAD_BYTES / 4);
    /** Room before each chunk's data for the bytes the scanner carries over from the previous chunk. */
    static final int PREFIX = MboxScanner.CAPTURE;
    /** The number of chunk arrays in circulation: the one the scanner holds and those read ahead. */
    static final int CHUNKS = Math.max(4, AHEAD_BYTES / CHUNK);
    /** The most {@code From } line starts kept per chunk; a chunk with more is searched by the scanner. */
    static final int MAX_MARKS = 4096;
    private static final long POLL_MS = 100;

    /**
     * A chunk of the file: {@code data[PREFIX, PREFIX + length)} holds the bytes at
     * {@code pos}; {@code marks[0, count)} are the indexes in {@code data}, in order, of every
     * line start there whose line begins with {@code From } (or with {@code F} when fewer than
     * five bytes of the chunk follow it), or {@code count} is -1 when there were more than
     * {@link #MAX_MARKS}. A chunk with {@code end} set has no data: the file ends at {@code pos};
     * one with an {@code error} has none either.
     */
    static final class Chunk {
        final byte[] data;
        final int[] marks = new int[MAX_MARKS];
        long pos;
        int length;
        int count;
        boolean end;
        IOException error;

        Chunk(int size) {
            data = new byte[PREFIX + size];
        }
    }

    /** Returned by {@link #take(long)} when the position asked for is not where the last chunk ended. */
    static final Chunk NOT_IN_ORDER = new Chunk(0);

    private final FileChannel channel;
    private final int chunkSize;
    private final int marking;
    private final BlockingQueue<Chunk> filled = new ArrayBlockingQueue<>(CHUNKS + 1);
    private final BlockingQueue<Chunk> free = new ArrayBlockingQueue<>(CHUNKS);
    private final Thread thread;
    private volatile boolean stopped;
    private long next;
    private boolean atEnd;

    /**
     * Starts reading ahead from {@code start}.
     *
     * @param channel an open channel; only positional reads are made
     * @param start the first position the consumer will ask for
     * @param chunkSize the bytes per chunk (at least {@link #PREFIX})
     * @param marking {@link MboxScanner#MARK_WHEN_AHEAD}, {@link MboxScanner#MARK_ALWAYS} or
     *     {@link MboxScanner#MARK_NEVER}
     */
    ReadAhead(FileChannel channel, long start, int chunkSize, int marking) {
        this.channel = channel;
        this.marking = marking;
        this.next = start;
        this.chunkSize = Math.max(chunkSize, PREFIX);
        for (int k = 0; k < CHUNKS; k++) {
            free.add(new Chunk(this.chunkSize));
        }
        thread = new Thread(() -> run(start), "mailroom-mbox-read-ahead");
        thread.setDaemon(true);
        thread.start();
    }

    private void run(long start) {
        long pos = start;
        ByteBuffer direct = ByteBuffer.allocateDirect(chunkSize);
        byte prev = '\n'; // a line starts at the first position
        if (start > 0) {
            ByteBuffer one = ByteBuffer.allocate(1);
            try {
                prev = channel.read(one, start - 1) == 1 ? one.get(0) : 0;
            } catch (IOException e) {
                prev = 0;
            }
        }
        try {
            while (!stopped) {
                Chunk c = free.poll(POLL_MS, TimeUnit.MILLISECONDS);
                if (c == null) {
                    if (!channel.isOpen()) {
                        return;
                    }
                    continue;
                }
                direct.clear();
                while (direct.hasRemaining()) {
                    if (channel.read(direct, pos + direct.position()) < 0) {
                        break;
                    }
                }
                direct.flip();
                c.pos = pos;
                c.error = null;
                if (!direct.hasRemaining()) {
                    c.end = true;
                    c.length = 0;
                    c.count = 0;
                    hand(c);
                    return;
                }
                c.end = false;
                c.length = direct.remaining();
                direct.get(c.data, PREFIX, c.length);
                if (marking == MboxScanner.MARK_NEVER || marking == MboxScanner.MARK_WHEN_AHEAD && filled.isEmpty()) {
                    c.count = -1; // the scanner is waiting: hand the chunk over now, it searches for itself
                } else {
                    mark(c, prev);
                }
                prev = c.data[PREFIX + c.length - 1];
                pos += c.length;
                hand(c);
            }
        } catch (IOException e) {
            Chunk c = new Chunk(0);
            c.pos = pos;
            c.error = e;
            try {
                hand(c);
            } catch (InterruptedException stop) {
                Thread.currentThread().interrupt();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Finds the line starts in {@code c} that begin with {@code From }; {@code prev} is the byte before the chunk. */
    static void mark(Chunk c, byte prev) {
        c.count = Bytes.fromLineStarts(c.data, PREFIX, PREFIX + c.length, prev == '\n', c.marks);
    }

    private void hand(Chunk c) throws InterruptedException {
        while (!stopped && !filled.offer(c, POLL_MS, TimeUnit.MILLISECONDS)) {
            if (!channel.isOpen()) {
                return;
            }
        }
    }

    /**
     * The chunk at {@code pos}, clipped to the file's current size (a file cut since the
     * chunk was read gives nothing past its new end); the caller gives it back with
     * {@link #recycle(Chunk)} when done with it.
     *
     * @return the chunk (with {@code end} set, and no data, at the end of the file), or
     *     {@link #NOT_IN_ORDER} when {@code pos} is not where the previous chunk ended or the
     *     reading thread is gone (the caller then reads for itself)
     * @throws IOException the error the reading thread met
     */
    Chunk take(long pos) throws IOException {
        if (pos != next || stopped) {
            return NOT_IN_ORDER;
        }
        while (true) {
            if (atEnd) {
                return endAt(pos);
            }
            Chunk c;
            try {
                c = filled.poll(POLL_MS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while reading ahead");
            }
            if (c == null) {
                if (!thread.isAlive() && filled.isEmpty()) {
                    return NOT_IN_ORDER; // the reader stopped (channel closed): let the caller's own read report it
                }
                continue;
            }
            if (c.error != null) {
                stop();
                throw new IOException(c.error.getMessage(), c.error);
            }
            if (c.pos != pos) {
                stop();
                return NOT_IN_ORDER;
            }
            if (c.end) {
                atEnd = true;
                return c;
            }
            long size = channel.size();
            if (c.pos >= size) {
                atEnd = true;
                stop();
                return endAt(pos);
            }
            if (c.pos + c.length > size) {
                clip(c, (int) (size - c.pos));
                stop(); // what follows is not in the file any more: the caller reads for itself
            }
            next = c.pos + c.length;
            return c;
        }
    }

    private static Chunk endAt(long pos) {
        Chunk e = new Chunk(0);
        e.pos = pos;
        e.end = true;
        return e;
    }

    /** Cuts {@code c} to {@code length} bytes, with the marks that still have a line. */
    static void clip(Chunk c, int length) {
        c.length = length;
        if (c.count > 0) {
            int end = PREFIX + length;
            int n = c.count;
            while (n > 0 && c.marks[n - 1] >= end) {
                n--;
            }
            c.count = n;
        }
    }

    /** Gives a chunk taken with {@link #take(long)} back for reuse. */
    void recycle(Chunk c) {
        if (c != NOT_IN_ORDER && c.data.length == PREFIX + chunkSize) {
            free.offer(c);
        }
    }

    /** Stops the reading thread (it ends within a tenth of a second). */
    void stop() {
        stopped = true;
    }
}
