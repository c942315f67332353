package dev.mailroom.mailbox;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The messages of an mbox file as found by one scan, addressable by number.
 *
 * @param path the file scanned
 * @param fileSize its size when scanned
 * @param entries the messages in file order ({@code entries.get(k).number() == k + 1})
 */
public record MboxIndex(Path path, long fileSize, List<MboxEntry> entries) {

    /** Checks and copies the components. */
    public MboxIndex {
        Objects.requireNonNull(path, "path");
        entries = List.copyOf(entries);
    }

    static MboxIndex of(Path path, long size, List<MboxEntry> entries) {
        return new MboxIndex(path, size, entries);
    }

    /** The number of messages. */
    public int size() {
        return entries.size();
    }

    /**
     * Message {@code n}, counted from 1.
     *
     * @throws IllegalArgumentException when there is no such message
     */
    public MboxEntry get(long n) {
        if (n < 1 || n > entries.size()) {
            throw new IllegalArgumentException("no message " + n + " in " + path + " (it has " + entries.size() + ")");
        }
        return entries.get((int) (n - 1));
    }
}
