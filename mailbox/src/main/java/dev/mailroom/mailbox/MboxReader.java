package dev.mailroom.mailbox;

import dev.mailroom.mailbox.internal.MboxScanner;
import dev.mailroom.mailbox.internal.RangeInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Reads an mbox file: finds its messages in one streaming pass and reads any of them by its
 * byte offsets.
 *
 * <p>Scanning uses a fixed buffer, whatever the size of the file (files over 2 GiB work) or
 * the length of its lines; {@link #entries()} keeps nothing in memory, {@link #index()}
 * keeps one small {@link MboxEntry} per message so that message N is then read without
 * rescanning. See {@link FromLine} for the separator lines understood and {@link MboxFormat}
 * for the conventions. Damaged input never raises anything but {@link IOException} from the
 * file system: bytes before the first {@code From } line are skipped (and logged), a message
 * cut by the end of the file is returned with {@link MboxEntry#truncated()}.
 *
 * <p>{@snippet :
 * try (MboxReader mbox = MboxReader.open(Path.of("/var/mail/alice"))) {
 *     for (MboxEntry e : mbox) {
 *         System.out.println(e.number() + " " + e.from().sender());
 *     }
 *     byte[] third = mbox.readMessage(mbox.index().get(3));
 * }
 * }
 *
 * <p>An instance is safe for use by several threads for {@link #openMessage} and
 * {@link #readMessage}; iterators are not shared. The file is not locked: a reader sees
 * the messages that were complete when each scan reached them.
 */
public final class MboxReader implements Closeable, Iterable<MboxEntry> {

    private static final System.Logger LOG = System.getLogger(MboxReader.class.getName());
    private static final int BUFFER = 256 * 1024;

    private final Path path;
    private final MboxFormat format;
    private final FileChannel channel;
    private volatile MboxIndex index;

    private MboxReader(Path path, MboxFormat format, FileChannel channel) {
        this.path = path;
        this.format = format;
        this.channel = channel;
    }

    /**
     * Opens an mbox file in the convention Postfix writes ({@link MboxFormat#MBOXO}).
     *
     * @throws IOException when the file cannot be opened
     */
    public static MboxReader open(Path file) throws IOException {
        return open(file, MboxFormat.MBOXO);
    }

    /**
     * Opens an mbox file.
     *
     * @param file the mbox file
     * @param format how quoting is undone and whether {@code Content-Length:} is honoured
     * @throws IOException when the file cannot be opened (e.g. it is a directory)
     */
    public static MboxReader open(Path file, MboxFormat format) throws IOException {
        Objects.requireNonNull(format, "format");
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        return new MboxReader(file, format, ch);
    }

    /** The file read. */
    public Path path() {
        return path;
    }

    /** The convention used to read it. */
    public MboxFormat format() {
        return format;
    }

    /**
     * A fresh scan from the start of the file. Each {@link Iterator#next()} reads on until the
     * following separator. An I/O error surfaces as {@link UncheckedIOException}.
     */
    @Override
    public Iterator<MboxEntry> iterator() {
        MboxScanner scanner;
        try {
            scanner = new MboxScanner(channel, format.usesContentLength(), BUFFER);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Iterator<>() {
            private MboxEntry next;
            private boolean done;
            private boolean warned;

            @Override
            public boolean hasNext() {
                if (next == null && !done) {
                    try {
                        next = scanner.next();
                    } catch (IOException e) {
                        throw new UncheckedIOException("reading mbox " + path, e);
                    }
                    if (!warned && scanner.skippedBeforeFirst() > 0) {
                        warned = true;
                        LOG.log(System.Logger.Level.WARNING, "mbox {0}: {1} bytes before the first From line skipped",
                                path, scanner.skippedBeforeFirst());
                    }
                    done = next == null;
                }
                return next != null;
            }

            @Override
            public MboxEntry next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                MboxEntry e = next;
                next = null;
                return e;
            }
        };
    }

    /** The messages as a sequential stream, scanned lazily (see {@link #iterator()}). */
    public Stream<MboxEntry> entries() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(),
                Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    /**
     * The index of all messages, built by one scan on first call and kept.
     *
     * @throws IOException when the file cannot be read
     */
    public MboxIndex index() throws IOException {
        MboxIndex i = index;
        if (i == null) {
            try {
                i = MboxIndex.of(path, channel.size(), entries().toList());
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            index = i;
        }
        return i;
    }

    /**
     * The message's bytes as stored, without its {@code From } line, with this reader's
     * quoting undone. Streams in constant memory.
     */
    public InputStream openMessage(MboxEntry entry) {
        return new RangeInputStream(channel, entry.contentOffset(), entry.contentEnd(), unquote(format));
    }

    /**
     * The message's bytes with {@code format}'s quoting undone.
     */
    public InputStream openMessage(MboxEntry entry, MboxFormat as) {
        return new RangeInputStream(channel, entry.contentOffset(), entry.contentEnd(), unquote(as));
    }

    /**
     * Reads a whole message into memory (see {@link #openMessage(MboxEntry)}).
     *
     * @throws IOException when the file cannot be read
     * @throws IllegalArgumentException when the message is too large for an array (2 GiB)
     */
    public byte[] readMessage(MboxEntry entry) throws IOException {
        if (entry.storedSize() > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("message " + entry.number() + " of " + path
                    + " is too large to read into an array (" + entry.storedSize() + " bytes); use openMessage");
        }
        try (InputStream in = openMessage(entry)) {
            return in.readAllBytes();
        }
    }

    private static RangeInputStream.Unquote unquote(MboxFormat f) {
        return switch (f) {
            case MBOXO, MBOXCL -> RangeInputStream.Unquote.MBOXO;
            case MBOXRD -> RangeInputStream.Unquote.MBOXRD;
            case MBOXCL2, RAW -> RangeInputStream.Unquote.NONE;
        };
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
