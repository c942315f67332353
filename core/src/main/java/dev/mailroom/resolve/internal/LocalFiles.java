package dev.mailroom.resolve.internal;

import dev.mailroom.table.internal.AliasParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code .forward} and {@code :include:} files local(8) reads, as address lists. A file is
 * examined again (one {@code stat}, and a read when its time or size changed) once its last
 * examination is older than the check interval, the same rule as for lookup tables; with a
 * zero interval every request reads the file system, as local(8) does at every delivery.
 * Thread-safe.
 */
final class LocalFiles {

    /** At most this many files are remembered; past it the memory starts afresh. */
    private static final int MAX_ENTRIES = 8192;

    /**
     * What a file held when it was last examined.
     *
     * @param checked {@link System#nanoTime()} of the examination
     * @param regular whether it was a regular file
     * @param modified its modification time, or null
     * @param size its size
     * @param uid its owner, or -1 when the file system does not say
     * @param mode its permission bits, or 0 when the file system does not say
     * @param tokens the addresses it lists (comment lines skipped), or null when it could not
     *     be read
     * @param error why it could not be read (or examined), or null
     */
    record Content(long checked, boolean regular, FileTime modified, long size, long uid, int mode,
            List<String> tokens, IOException error) {

        /** @return true unless the file is world-writable or owned by neither root nor {@code uid} */
        boolean acceptableFor(long owner) {
            return uid < 0 || ((uid == 0 || uid == owner) && (mode & 2) == 0);
        }
    }

    private final long intervalNanos;
    private final Map<String, Content> cache = new ConcurrentHashMap<>();

    LocalFiles(Duration interval) {
        this.intervalNanos = interval.toNanos();
    }

    /** @return the check interval in nanoseconds (0: every request examines the file) */
    long interval() {
        return intervalNanos;
    }

    /**
     * The file as it is now, or as it was at most one interval ago.
     *
     * @param path the file
     * @param now {@link System#nanoTime()} a moment ago (one resolution reads the clock once)
     * @return its content; {@link Content#regular()} false when it is missing or not a file
     */
    Content get(String path, long now) {
        if (intervalNanos <= 0) {
            return examine(path, null, now);
        }
        Content c = cache.get(path);
        if (c != null && now - c.checked() < intervalNanos) {
            return c;
        }
        Content fresh = examine(path, c, now);
        if (cache.size() >= MAX_ENTRIES) {
            cache.clear();
        }
        cache.put(path, fresh);
        return fresh;
    }

    private static Content examine(String path, Content before, long now) {
        Path p = Path.of(path);
        boolean regular;
        FileTime modified;
        long size;
        long uid = -1;
        int mode = 0;
        try {
            Map<String, Object> a;
            try {
                a = Files.readAttributes(p, "unix:isRegularFile,lastModifiedTime,size,uid,mode");
                uid = ((Number) a.get("uid")).longValue();
                mode = ((Number) a.get("mode")).intValue();
            } catch (UnsupportedOperationException | IllegalArgumentException e) {
                a = Files.readAttributes(p, "isRegularFile,lastModifiedTime,size");
            }
            regular = (Boolean) a.get("isRegularFile");
            modified = (FileTime) a.get("lastModifiedTime");
            size = ((Number) a.get("size")).longValue();
        } catch (IOException e) {
            return new Content(now, false, null, 0, -1, 0, null, e);
        }
        if (before != null && before.regular() && regular && before.tokens() != null
                && modified.equals(before.modified()) && size == before.size()) {
            return new Content(now, true, modified, size, uid, mode, before.tokens(), null);
        }
        if (!regular) {
            return new Content(now, false, modified, size, uid, mode, null,
                    new IOException(path + ": not a regular file"));
        }
        try {
            return new Content(now, true, modified, size, uid, mode, List.copyOf(read(p)), null);
        } catch (IOException e) {
            return new Content(now, true, modified, size, uid, mode, null, e);
        }
    }

    private static List<String> read(Path p) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
            if (line.startsWith("#")) {
                continue;
            }
            // read as local(8) reads it: through the RFC 822 scanner, as postalias reads aliases
            out.addAll(AddressText.parseList(AliasParser.normalizeList(line)));
        }
        return out;
    }
}
