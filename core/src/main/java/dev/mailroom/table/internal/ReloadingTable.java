package dev.mailroom.table.internal;

import dev.mailroom.table.LookupTable;
import dev.mailroom.table.TableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;

/**
 * A table loaded from one source file, reloaded when the file's modification time or size
 * changes. The check (one {@code stat}) runs on a lookup at most once per check interval, so the
 * hot path costs one clock read ({@link LookupClock}: none when the caller pinned one). The loaded content is immutable and
 * published through a volatile field, so lookups never lock.
 */
final class ReloadingTable implements LookupTable {

    /** Loads the immutable content of a source file. */
    @FunctionalInterface
    interface Loader {
        LookupTable load(Path file) throws IOException;
    }

    private final String spec;
    private final boolean pattern;
    private final Path file;
    private final Loader loader;
    private final long intervalNanos;
    private final Object reloadLock = new Object();

    private volatile LookupTable current;
    private volatile long nextCheck;
    private FileTime mtime;
    private long size;

    private ReloadingTable(String spec, boolean pattern, Path file, Loader loader, long intervalNanos) {
        this.spec = spec;
        this.pattern = pattern;
        this.file = file;
        this.loader = loader;
        this.intervalNanos = intervalNanos;
    }

    /**
     * Loads the file now.
     *
     * @param missing the message used when the file does not exist (Postfix's wording)
     */
    static ReloadingTable open(String spec, boolean pattern, Path file, Loader loader, long intervalNanos,
            String missing) throws TableException {
        ReloadingTable t = new ReloadingTable(spec, pattern, file, loader, intervalNanos);
        t.reload(missing);
        return t;
    }

    private void reload(String missing) throws TableException {
        try {
            BasicFileAttributes before = Files.readAttributes(file, BasicFileAttributes.class);
            LookupTable loaded = loader.load(file);
            mtime = before.lastModifiedTime();
            size = before.size();
            current = loaded;
            nextCheck = System.nanoTime() + intervalNanos;
        } catch (NoSuchFileException e) {
            throw new TableException(missing + ": No such file or directory", file.toString(), 0, e);
        } catch (TableException e) {
            throw e;
        } catch (IOException e) {
            throw new TableException("open " + file + ": " + e.getMessage(), file.toString(), 0, e);
        }
    }

    @Override
    public String spec() {
        return spec;
    }

    @Override
    public boolean isPattern() {
        return pattern;
    }

    @Override
    public String get(String key) throws TableException {
        if (LookupClock.now() - nextCheck >= 0) {
            check();
        }
        return current.get(key);
    }

    private void check() throws TableException {
        synchronized (reloadLock) {
            long now = System.nanoTime();
            if (now - nextCheck < 0) {
                return;
            }
            BasicFileAttributes attrs;
            try {
                attrs = Files.readAttributes(file, BasicFileAttributes.class);
            } catch (IOException e) {
                throw new TableException("open " + file + ": " + (e instanceof NoSuchFileException
                        ? "No such file or directory" : e.getMessage()), file.toString(), 0, e);
            }
            if (!attrs.lastModifiedTime().equals(mtime) || attrs.size() != size) {
                reload("open " + file);
            } else {
                nextCheck = now + intervalNanos;
            }
        }
    }

    @Override
    public String toString() {
        return "ReloadingTable[" + spec + "]";
    }
}
