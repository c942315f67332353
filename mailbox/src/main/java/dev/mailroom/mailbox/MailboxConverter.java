package dev.mailroom.mailbox;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Converts between mbox and Maildir keeping the envelope sender, the date and the flags of
 * each message, as {@code mb2md} does.
 *
 * <ul>
 *   <li>mbox → Maildir: the message with its quoting undone, a {@code Return-Path:} added
 *       from the From_ line when it has none, its {@code Status:}/{@code X-Status:}/
 *       {@code X-Keywords:} headers turned into the file name's flags (and removed); the
 *       file's modification time is the From_ line's date (read in the options' zone when
 *       the line has no offset). Unflagged, unread ({@code Status} without {@code O})
 *       messages go to {@code new/}, the others to {@code cur/}.</li>
 *   <li>Maildir → mbox: the From_ line's sender is the {@code Return-Path:} address
 *       ({@code MAILER-DAEMON} for {@code <>}, {@code -} when there is no such field), its
 *       date the file's modification time; flags become status headers.</li>
 * </ul>
 * The target is appended to (an mbox) or added to (a Maildir, created when missing).
 */
public final class MailboxConverter {

    /** Receives progress while a conversion runs (called after each message). */
    @FunctionalInterface
    public interface Listener {
        /**
         * Reports progress.
         *
         * @param messages messages converted so far
         * @param bytes source bytes converted so far
         * @param totalBytes the size of the source, or -1 when unknown
         */
        void progress(long messages, long bytes, long totalBytes);
    }

    /**
     * The result of a conversion.
     *
     * @param messages messages written
     * @param bytes source bytes read
     * @param elapsed time taken
     */
    public record Summary(long messages, long bytes, Duration elapsed) {
    }

    private final DeliveryOptions options;

    /** A converter using {@code options} (clock zone, quoting, size limits of the target). */
    public MailboxConverter(DeliveryOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * Copies every message of an mbox into a Maildir.
     *
     * @throws IOException when reading or writing fails (messages written so far stay)
     */
    public Summary mboxToMaildir(Path mbox, MboxFormat format, Path maildir, Listener listener) throws IOException {
        long start = System.nanoTime();
        Maildir md = Maildir.isMaildir(maildir) ? Maildir.open(maildir) : Maildir.create(maildir);
        long n = 0;
        long bytes = 0;
        try (MboxReader r = MboxReader.open(mbox, format)) {
            long total = Files.size(mbox);
            for (MboxEntry e : r) {
                byte[] msg = r.readMessage(e);
                FromLine from = e.from();
                HeaderFields h = HeaderFields.read(new ByteArrayInputStream(msg));
                byte[] body = StatusHeaders.strip(msg);
                if (h.returnPath().isEmpty() && from.hasSender()) {
                    String sender = from.sender().equals("MAILER-DAEMON") ? "" : from.sender();
                    body = concat(("Return-Path: <" + sender + ">\n").getBytes(StandardCharsets.UTF_8), body);
                }
                Instant date = from.instant(options.clock().getZone()).orElse(options.clock().instant());
                md.add(body, e.flags(), date, options);
                n++;
                bytes = e.contentEnd();
                if (listener != null) {
                    listener.progress(n, bytes, total);
                }
            }
            bytes = total;
        }
        return new Summary(n, bytes, Duration.ofNanos(System.nanoTime() - start));
    }

    /**
     * Appends every message of a Maildir ({@code new/} then {@code cur/}, by name) to an mbox.
     *
     * @throws IOException when reading fails or a message cannot be appended (the text
     *     carries the delivery status)
     */
    public Summary maildirToMbox(Path maildir, Path mbox, Listener listener) throws IOException {
        long start = System.nanoTime();
        Maildir md = Maildir.open(maildir);
        List<MaildirMessage> all = md.list();
        long total = all.stream().mapToLong(MaildirMessage::size).sum();
        MboxWriter w = new MboxWriter(options);
        long n = 0;
        long bytes = 0;
        for (MaildirMessage m : all) {
            byte[] msg = md.read(m);
            HeaderFields h = HeaderFields.read(new ByteArrayInputStream(msg));
            String sender = h.returnPath().map(s -> s.isEmpty() ? "MAILER-DAEMON" : s).orElse("-");
            DeliveryResult r = w.append(mbox, sender, m.modified(), msg, m.flags());
            if (!r.delivered()) {
                throw new IOException(r.dsn() + " " + r.text());
            }
            n++;
            bytes += m.size();
            if (listener != null) {
                listener.progress(n, bytes, total);
            }
        }
        return new Summary(n, bytes, Duration.ofNanos(System.nanoTime() - start));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
