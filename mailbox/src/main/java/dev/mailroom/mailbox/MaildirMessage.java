package dev.mailroom.mailbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One message file of a Maildir, as listed: its name, where it lies and what the name says
 * (flags, sizes). Two messages are equal when their paths, flags and sizes are.
 *
 * <p>Instances come from {@link Maildir#list()}, {@link Maildir#add}, {@link Maildir#setFlags}
 * and {@link Maildir#moveToCur}. A listing reads names only, as Dovecot does (decision 76):
 * the size comes from the {@code ,S=} field of the name when it has one, and the modification
 * time is read from the file when {@link #modified()} is first asked for. It is a compact
 * class rather than a record so that a listing of a large Maildir stays small in memory
 * (about 150 bytes a message): the path is kept as its directory (shared by all messages of
 * {@code new/} or {@code cur/}) and its name, the optional name fields and the date as plain
 * numbers; {@link #path()}, {@link #sizeField()} and {@link #virtualSize()} build their
 * result on each call. See decisions 54 and 76.
 */
public final class MaildirMessage {

    /** {@link #modifiedNanos} before the modification time is known. */
    private static final long UNKNOWN = Long.MIN_VALUE;

    private final Path directory;
    private final Path rawPath;
    private final String name;
    private final boolean inNew;
    private final MessageFlags flags;
    private final long size;
    private final long sizeField;
    private final long virtualSize;
    /** Nanoseconds since the epoch, or {@link #UNKNOWN}; one volatile long, so it is read whole. */
    private volatile long modifiedNanos;

    /**
     * A message.
     *
     * @param directory its {@code new/} or {@code cur/} directory
     * @param name its file name
     * @param rawPath the file as listed when its name cannot be turned back into the same
     *     bytes (a name that is not valid in the platform encoding), else null
     * @param size its size: the {@code ,S=} field, or the file's size when the name has none
     * @param sizeField the {@code ,S=} field, or -1
     * @param virtualSize the {@code ,W=} field, or -1
     * @param modified its modification time, or null when not read yet
     */
    MaildirMessage(Path directory, String name, Path rawPath, boolean inNew, MessageFlags flags, long size,
            long sizeField, long virtualSize, Instant modified) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.name = Objects.requireNonNull(name, "name");
        this.rawPath = rawPath;
        this.inNew = inNew;
        this.flags = Objects.requireNonNull(flags, "flags");
        this.size = size;
        this.sizeField = sizeField;
        this.virtualSize = virtualSize;
        this.modifiedNanos = modified == null ? UNKNOWN : nanos(modified);
    }

    private static long nanos(Instant t) {
        // outside 1677-2262 a file time does not fit: keep the nearest representable value
        try {
            return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
        } catch (ArithmeticException e) {
            return t.getEpochSecond() < 0 ? UNKNOWN + 1 : Long.MAX_VALUE;
        }
    }

    /** The file. */
    public Path path() {
        return rawPath != null ? rawPath : directory.resolve(name);
    }

    /** True for a file in {@code new/}, false for {@code cur/}. */
    public boolean inNew() {
        return inNew;
    }

    /** The file name. */
    public String name() {
        return name;
    }

    /**
     * The flags of its {@code :2,} info part, keywords resolved through
     * {@code dovecot-keywords} ({@link MessageFlags#recent()} is {@link #inNew()}).
     */
    public MessageFlags flags() {
        return flags;
    }

    /**
     * The size of the message in bytes: the {@code ,S=} field of its name when it has one (the
     * size its delivery agent wrote, which Dovecot and the Maildir++ quota take as the size),
     * else the size of the file as the listing found it.
     */
    public long size() {
        return size;
    }

    /** The {@code ,S=} size written in the name, when there is one. */
    public OptionalLong sizeField() {
        return sizeField < 0 ? OptionalLong.empty() : OptionalLong.of(sizeField);
    }

    /** The {@code ,W=} size (with CRLF line ends) written in the name, when there is one. */
    public OptionalLong virtualSize() {
        return virtualSize < 0 ? OptionalLong.empty() : OptionalLong.of(virtualSize);
    }

    /**
     * The file's modification time (Dovecot's IMAP internal date). The first call reads it
     * from the file (without following a symbolic link) unless the listing already did, and
     * keeps it: later calls, and messages renamed from this one by {@link Maildir#setFlags},
     * return the same time without reading the file again.
     *
     * @throws IOException when it has to be read and cannot be ({@link NoSuchFileException}
     *     when another client renamed or removed the file since it was listed)
     */
    public Instant modified() throws IOException {
        long n = modifiedNanos;
        if (n == UNKNOWN) {
            n = nanos(Files.getLastModifiedTime(path(), LinkOption.NOFOLLOW_LINKS).toInstant());
            modifiedNanos = n;
        }
        return instant(n);
    }

    /** The modification time when known without reading the file, else null. */
    Instant knownModified() {
        long n = modifiedNanos;
        return n == UNKNOWN ? null : instant(n);
    }

    private static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    /** The unique part of the name: everything before the info separator {@code :}. */
    public String baseName() {
        int colon = name.indexOf(':');
        return colon < 0 ? name : name.substring(0, colon);
    }

    /** The time in the name (its leading seconds), when the name starts with digits. */
    public OptionalLong nameSeconds() {
        int k = 0;
        while (k < name.length() && k < 18 && Character.isDigit(name.charAt(k))) {
            k++;
        }
        return k == 0 ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(name.substring(0, k)));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MaildirMessage m && inNew == m.inNew && size == m.size && sizeField == m.sizeField
                && virtualSize == m.virtualSize && name.equals(m.name) && flags.equals(m.flags)
                && path().equals(m.path());
    }

    @Override
    public int hashCode() {
        return Objects.hash(directory, name, flags, size);
    }

    @Override
    public String toString() {
        Instant known = knownModified();
        return "MaildirMessage[path=" + path() + ", inNew=" + inNew + ", flags=" + flags + ", size=" + size
                + ", sizeField=" + sizeField() + ", virtualSize=" + virtualSize() + ", modified="
                + (known == null ? "not read" : known) + "]";
    }
}
