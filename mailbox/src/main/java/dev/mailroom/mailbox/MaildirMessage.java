package dev.mailroom.mailbox;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One message file of a Maildir, as listed: an immutable value (equal when all its
 * accessors return equal values).
 *
 * <p>Instances come from {@link Maildir#list()}, {@link Maildir#add}, {@link Maildir#setFlags}
 * and {@link Maildir#moveToCur}. It is a compact class rather than a record so that a listing
 * of a large Maildir stays small in memory (about 150 bytes a message): the path is kept as
 * its directory (shared by all messages of {@code new/} or {@code cur/}) and its name, the
 * optional name fields and the date as plain numbers; {@link #path()},
 * {@link #sizeField()}, {@link #virtualSize()} and {@link #modified()} build their result on
 * each call. See decision 54.
 */
public final class MaildirMessage {

    private final Path directory;
    private final Path rawPath;
    private final String name;
    private final boolean inNew;
    private final MessageFlags flags;
    private final long size;
    private final long sizeField;
    private final long virtualSize;
    private final long modifiedSeconds;
    private final int modifiedNanos;

    /**
     * A message.
     *
     * @param directory its {@code new/} or {@code cur/} directory
     * @param name its file name
     * @param rawPath the file as listed when its name cannot be turned back into the same
     *     bytes (a name that is not valid in the platform encoding), else null
     * @param sizeField the {@code ,S=} field, or -1
     * @param virtualSize the {@code ,W=} field, or -1
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
        this.modifiedSeconds = modified.getEpochSecond();
        this.modifiedNanos = modified.getNano();
    }

    /** The file. */
    public Path path() {
        return rawPath != null ? rawPath : directory.resolve(name);
    }

    /** The file as a {@link java.io.File}, or null when its name does not survive the conversion. */
    java.io.File file() {
        return rawPath != null ? null : new java.io.File(directory.toString(), name);
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

    /** The size of the file in bytes, as the listing found it. */
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

    /** The file's modification time (Dovecot's IMAP internal date), as the listing found it. */
    public Instant modified() {
        return Instant.ofEpochSecond(modifiedSeconds, modifiedNanos);
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
                && virtualSize == m.virtualSize && modifiedSeconds == m.modifiedSeconds
                && modifiedNanos == m.modifiedNanos && name.equals(m.name) && flags.equals(m.flags)
                && path().equals(m.path());
    }

    @Override
    public int hashCode() {
        return Objects.hash(directory, name, flags, size, modifiedSeconds, modifiedNanos);
    }

    @Override
    public String toString() {
        return "MaildirMessage[path=" + path() + ", inNew=" + inNew + ", flags=" + flags + ", size=" + size
                + ", sizeField=" + sizeField() + ", virtualSize=" + virtualSize() + ", modified=" + modified() + "]";
    }
}
