package dev.mailroom.mailbox;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One message file of a Maildir, as listed.
 *
 * @param path the file
 * @param inNew true for a file in {@code new/}, false for {@code cur/}
 * @param name the file name
 * @param flags the flags of its {@code :2,} info part, keywords resolved through
 *     {@code dovecot-keywords} ({@link MessageFlags#recent()} is {@code inNew})
 * @param size the size of the file in bytes
 * @param sizeField the {@code ,S=} size written in the name, when there is one
 * @param virtualSize the {@code ,W=} size (with CRLF line ends) written in the name, when
 *     there is one
 * @param modified the file's modification time (Dovecot's IMAP internal date)
 */
public record MaildirMessage(Path path, boolean inNew, String name, MessageFlags flags, long size,
        OptionalLong sizeField, OptionalLong virtualSize, Instant modified) {

    /** Checks the components. */
    public MaildirMessage {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(flags, "flags");
        Objects.requireNonNull(sizeField, "sizeField");
        Objects.requireNonNull(virtualSize, "virtualSize");
        Objects.requireNonNull(modified, "modified");
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
}
