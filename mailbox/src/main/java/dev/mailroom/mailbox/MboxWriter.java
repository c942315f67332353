package dev.mailroom.mailbox;

import dev.mailroom.mailbox.internal.Addresses;
import dev.mailroom.mailbox.internal.Dsn;
import dev.mailroom.mailbox.internal.MailboxLocks;
import dev.mailroom.mailbox.internal.MboxRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Appends messages to mbox files as Postfix {@code local(8)} does (POSTFIX-SEMANTICS F.1).
 *
 * <p>Each delivery writes {@code From sender  asctime}, {@code Return-Path:},
 * {@code X-Original-To:} and {@code Delivered-To:} (as the options say), the message with
 * {@code From } lines quoted, a newline if the last line lacked one, and one empty line.
 * It takes the locks of {@link DeliveryOptions#deliveryLock()} (dotlock before the file is
 * opened, fcntl after), remembers the file's length, writes the whole record with one write,
 * fsyncs, and on any failure truncates the file back to that length: no partial message is
 * left behind by an error. A process killed in the middle of the write can leave a partial
 * record only if the kernel splits that write; the next delivery then starts a fresh line
 * and readers see the damaged message as {@link MboxEntry#truncated() truncated} or short.
 *
 * <p>Failures are results, not exceptions: {@link DeliveryResult} carries Postfix's status
 * ({@code 4.2.0} lock busy, {@code 4.3.0} disk full, {@code 5.2.2} size limit or quota,
 * {@code 5.2.0} other errors) and reason text. Instances are immutable and thread-safe;
 * threads of one JVM delivering to one file are serialized.
 *
 * {@snippet :
 * MboxWriter writer = new MboxWriter(DeliveryOptions.DEFAULTS);
 * DeliveryResult r = writer.deliver(Path.of("/var/mail/alice"),
 *         new Envelope("sender@example.test", "alice@example.test", "alice"), messageBytes);
 * if (!r.delivered()) {
 *     System.err.println(r.dsn() + " " + r.text());
 * }
 * }
 */
public final class MboxWriter {

    private static final System.Logger LOG = System.getLogger(MboxWriter.class.getName());

    private final DeliveryOptions options;

    /** A writer with these options. */
    public MboxWriter(DeliveryOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /** The options. */
    public DeliveryOptions options() {
        return options;
    }

    /**
     * Delivers a message.
     *
     * @param mbox the mbox file; created with mode 0600 when missing (its directory must exist)
     * @param envelope sender and recipients
     * @param message the message (RFC 5322 bytes; line ends are kept as given)
     * @return the outcome; never null
     */
    public DeliveryResult deliver(Path mbox, Envelope envelope, byte[] message) {
        Objects.requireNonNull(envelope, "envelope");
        String failPrefix = "cannot update mailbox " + mbox + " for user " + envelope.user() + ". ";
        if (options.messageSizeLimit() > 0 && message.length > options.messageSizeLimit()) {
            return DeliveryResult.failed("5.3.4", "message file too big", mbox);
        }
        StringBuilder headers = new StringBuilder();
        String sender = Addresses.quote(envelope.sender());
        headers.append("Return-Path: <").append(sender).append(">\n");
        if (options.originalRecipientHeader() && !envelope.originalRecipient().isEmpty()) {
            headers.append("X-Original-To: ").append(envelope.originalRecipient()).append('\n');
        }
        if (options.deliveredToHeader()) {
            headers.append("Delivered-To: ").append(Addresses.quote(envelope.recipient())).append('\n');
        }
        Instant now = options.clock().instant();
        String from = FromLine.format(sender, now, options.clock().getZone());
        byte[] record = MboxRecord.build(from, headers.toString(), message, message.length,
                options.quoting() == MboxFormat.MBOXRD);
        return appendRecord(mbox, record, failPrefix);
    }

    /**
     * Delivers a message read from a stream (read whole first, up to
     * {@code message_size_limit}).
     *
     * @throws IOException when {@code message} cannot be read (the mailbox is untouched)
     */
    public DeliveryResult deliver(Path mbox, Envelope envelope, InputStream message) throws IOException {
        long limit = options.messageSizeLimit();
        byte[] bytes = limit > 0 ? message.readNBytes((int) Math.min(Integer.MAX_VALUE - 16, limit + 1))
                : message.readAllBytes();
        return deliver(mbox, envelope, bytes);
    }

    /**
     * Appends a message with a given From_ line and flags, without envelope headers: what a
     * conversion from another mailbox writes. {@code Status:}, {@code X-Status:} and
     * {@code X-Keywords:} headers of the message are replaced by ones stating {@code flags}.
     *
     * @param sender envelope sender for the From_ line ({@code ""} is written
     *     {@code MAILER-DAEMON})
     * @param date the From_ line's date, written in the options' clock zone
     */
    public DeliveryResult append(Path mbox, String sender, Instant date, byte[] message, MessageFlags flags) {
        byte[] withFlags = StatusHeaders.apply(message, flags);
        String from = FromLine.format(sender, date, options.clock().getZone());
        byte[] record = MboxRecord.build(from, "", withFlags, withFlags.length, options.quoting() == MboxFormat.MBOXRD);
        return appendRecord(mbox, record, "cannot update mailbox " + mbox + ". ");
    }

    /**
     * Rewrites an mbox file, as a mail client does on expunge: each message is kept with the
     * flags {@code decide} returns for it (written as status headers) or dropped when it
     * returns empty. The new file is written beside the old one, fsynced and renamed over it
     * while the locks of {@link DeliveryOptions#deliveryLock()} are held, so deliveries that
     * take the dotlock wait and then append to the new file. The stored bytes of kept
     * messages (their quoting included) are unchanged except for their status headers.
     *
     * @param mbox the mbox file, read as {@link MboxFormat#MBOXO}
     * @param decide the new flags of a message, or empty to drop it
     * @return the number of messages kept
     * @throws IOException when the file cannot be read, written or locked (the original is
     *     then unchanged)
     */
    public long rewrite(Path mbox, java.util.function.Function<MboxEntry, java.util.Optional<MessageFlags>> decide)
            throws IOException {
        ReentrantLock inProcess = MailboxLocks.inProcess(mbox);
        inProcess.lock();
        MailboxLocks.Dotlock dotlock = null;
        MailboxLocks.Flock flock = null;
        Path tmp = mbox.resolveSibling("." + mbox.getFileName() + ".mailroom-rewrite");
        try {
            if (options.deliveryLock().contains(LockMethod.DOTLOCK)) {
                dotlock = MailboxLocks.dotlock(mbox, options.lockAttempts(), options.lockDelay(),
                        options.staleLockTime(), options.clock());
            }
            try (FileChannel ch = FileChannel.open(mbox, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                FileLock lock = options.deliveryLock().contains(LockMethod.FCNTL)
                        ? MailboxLocks.fcntl(ch, mbox, options.lockAttempts(), options.lockDelay()) : null;
                flock = options.deliveryLock().contains(LockMethod.FLOCK)
                        ? MailboxLocks.flock(mbox, options.lockAttempts(), options.lockDelay()) : null;
                long kept = 0;
                try (MboxReader r = MboxReader.open(mbox, MboxFormat.MBOXO);
                        FileChannel out = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE,
                                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE),
                                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
                    for (MboxEntry e : r) {
                        java.util.Optional<MessageFlags> f = decide.apply(e);
                        if (f.isEmpty()) {
                            continue;
                        }
                        byte[] stored;
                        try (InputStream in = r.openMessage(e, MboxFormat.RAW)) {
                            stored = in.readAllBytes();
                        }
                        byte[] body = StatusHeaders.apply(stored, f.get());
                        java.io.ByteArrayOutputStream rec = new java.io.ByteArrayOutputStream(body.length + 100);
                        rec.writeBytes((e.from().line() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                        rec.writeBytes(body);
                        if (body.length > 0 && body[body.length - 1] != '\n') {
                            rec.write('\n');
                        }
                        rec.write('\n');
                        ByteBuffer b = ByteBuffer.wrap(rec.toByteArray());
                        while (b.hasRemaining()) {
                            out.write(b);
                        }
                        kept++;
                    }
                    out.force(true);
                }
                java.nio.file.Files.move(tmp, mbox, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                if (lock != null && lock.isValid()) {
                    lock.release();
                }
                return kept;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting for the lock of " + mbox);
        } finally {
            Files.deleteIfExists(tmp);
            if (flock != null) {
                flock.close();
            }
            if (dotlock != null) {
                MailboxLocks.closeQuietly(dotlock);
                Files.deleteIfExists(dotlock.file());
            }
            inProcess.unlock();
        }
    }

    private DeliveryResult appendRecord(Path mbox, byte[] record, String failPrefix) {
        ReentrantLock inProcess = MailboxLocks.inProcess(mbox);
        inProcess.lock();
        MailboxLocks.Dotlock dotlock = null;
        try {
            BasicFileAttributes attrs = attributes(mbox);
            if (attrs != null && !attrs.isRegularFile()) {
                return DeliveryResult.failed("5.2.0", failPrefix + "destination " + mbox + " is not a regular file", mbox);
            }
            if (options.deliveryLock().contains(LockMethod.DOTLOCK)) {
                dotlock = MailboxLocks.dotlock(mbox, options.lockAttempts(), options.lockDelay(),
                        options.staleLockTime(), options.clock());
            }
            try (FileChannel ch = open(mbox)) {
                FileLock lock = null;
                MailboxLocks.Flock flock = null;
                if (options.deliveryLock().contains(LockMethod.FCNTL)) {
                    lock = MailboxLocks.fcntl(ch, mbox, options.lockAttempts(), options.lockDelay());
                }
                try {
                    if (options.deliveryLock().contains(LockMethod.FLOCK)) {
                        flock = MailboxLocks.flock(mbox, options.lockAttempts(), options.lockDelay());
                    }
                    if (dotlock != null) {
                        recover(ch, mbox, dotlock.crashedWriterLength());
                        MailboxLocks.writeJournal(dotlock, ch.size());
                    }
                    return write(ch, mbox, record, failPrefix);
                } finally {
                    if (flock != null) {
                        flock.close();
                    }
                    if (lock != null && lock.isValid()) {
                        lock.release();
                    }
                }
            }
        } catch (MailboxLocks.LockFailure e) {
            return DeliveryResult.failed(e.dsn(), failPrefix + e.getMessage(), mbox);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DeliveryResult.failed("4.2.0", failPrefix + "interrupted while waiting for a lock", mbox);
        } catch (IOException e) {
            return DeliveryResult.failed(Dsn.of(e, "5.2.0"), failPrefix + "cannot open file: " + Dsn.text(e), mbox);
        } finally {
            if (dotlock != null) {
                MailboxLocks.closeQuietly(dotlock);
                try {
                    Files.deleteIfExists(dotlock.file());
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.WARNING, "cannot remove lock file {0}: {1}", dotlock.file(), Dsn.text(e));
                }
            }
            inProcess.unlock();
        }
    }

    private DeliveryResult write(FileChannel ch, Path mbox, byte[] record, String failPrefix) {
        long before;
        try {
            before = ch.size();
        } catch (IOException e) {
            return DeliveryResult.failed(Dsn.of(e, "5.2.0"), failPrefix + "cannot stat: " + Dsn.text(e), mbox);
        }
        try {
            byte[] repair = repairPrefix(ch, before);
            long total = before + repair.length + record.length;
            if (options.mailboxSizeLimit() > 0 && total > options.mailboxSizeLimit()) {
                return DeliveryResult.failed("5.2.2", failPrefix + "error writing message: File too large", mbox);
            }
            ByteBuffer buf;
            if (repair.length == 0) {
                buf = ByteBuffer.wrap(record);
            } else {
                buf = ByteBuffer.allocate(repair.length + record.length).put(repair).put(record).flip();
            }
            long at = before;
            while (buf.hasRemaining()) {
                at += ch.write(buf, at);
            }
            ch.force(true);
            return DeliveryResult.delivered(mbox, "delivered to mailbox");
        } catch (IOException e) {
            try {
                ch.truncate(before);
                ch.force(true);
            } catch (IOException e2) {
                LOG.log(System.Logger.Level.ERROR, "cannot truncate {0} back to {1} bytes: {2}", mbox, before,
                        Dsn.text(e2));
            }
            return DeliveryResult.failed(Dsn.of(e, "5.2.0"), failPrefix + "error writing message: " + Dsn.text(e), mbox);
        }
    }

    /**
     * After a mailroom writer was killed while holding the dotlock (its stale lock file noted
     * the length before its append): when the file is longer and does not end with the empty
     * line that ends every complete record, cuts the unfinished record off.
     */
    private static void recover(FileChannel ch, Path mbox, long length) throws IOException {
        long size = ch.size();
        if (length < 0 || size <= length) {
            return;
        }
        ByteBuffer tail = ByteBuffer.allocate(2);
        ch.read(tail, size - 2);
        if (tail.position() == 2 && tail.get(0) == '\n' && tail.get(1) == '\n') {
            return; // the killed writer finished its record
        }
        LOG.log(System.Logger.Level.WARNING, "{0}: removing {1} bytes of a message left unfinished by a killed writer",
                mbox, size - length);
        ch.truncate(length);
        ch.force(true);
    }

    /** What to write first so that the new From_ line follows an empty line. */
    private static byte[] repairPrefix(FileChannel ch, long size) throws IOException {
        if (size == 0) {
            return new byte[0];
        }
        ByteBuffer tail = ByteBuffer.allocate(2);
        long from = Math.max(0, size - 2);
        while (tail.hasRemaining() && ch.read(tail, from + tail.position()) > 0) {
            // read the last bytes
        }
        tail.flip();
        byte last = tail.get(tail.limit() - 1);
        byte beforeLast = tail.limit() > 1 ? tail.get(0) : (byte) '\n';
        if (last == '\n' && beforeLast == '\n') {
            return new byte[0];
        }
        LOG.log(System.Logger.Level.WARNING, "mbox does not end with an empty line (a damaged last message?); "
                + "starting the new message on a fresh line");
        return last == '\n' ? new byte[] {'\n'} : new byte[] {'\n', '\n'};
    }

    private static BasicFileAttributes attributes(Path p) throws IOException {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static FileChannel open(Path mbox) throws IOException {
        Set<OpenOption> opts = Set.of(StandardOpenOption.WRITE, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        try {
            return FileChannel.open(mbox, opts);
        } catch (NoSuchFileException e) {
            try {
                Set<OpenOption> create = Set.of(StandardOpenOption.WRITE, StandardOpenOption.READ,
                        StandardOpenOption.CREATE_NEW, LinkOption.NOFOLLOW_LINKS);
                try {
                    return FileChannel.open(mbox, create, PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rw-------")));
                } catch (UnsupportedOperationException u) {
                    return FileChannel.open(mbox, create);
                }
            } catch (FileAlreadyExistsException race) {
                return FileChannel.open(mbox, opts);
            }
        }
    }
}
