package dev.mailroom.resolve.internal;

import dev.mailroom.table.internal.AliasParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
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
     * @param modified its modification time, or null when it could not be examined (missing)
     * @param size its size
     * @param uid its owner, or -1 when the file system does not say
     * @param mode its permission bits, or 0 when the file system does not say
     * @param tokens the addresses it lists (comment lines skipped), or null when it could not
     *     be read
     * @param error why it could not be read (or examined), or null
     */
    record Content(long checked, boolean regular, FileTime modified, long size, long uid, int mode,
            List<String> tokens, IOException error) {

        /** @return whether something (a file of any type) was there */
        boolean exists() {
            return modified != null;
        }
    }

    private final long intervalNanos;
    private final LinkOption[] links;
    private final Map<String, Content> cache = new ConcurrentHashMap<>();

    /**
     * @param interval how long an examination is trusted
     * @param followLinks whether a symbolic link is examined as its target (local(8)'s
     *     {@code stat}) or as the link itself, which is no regular file ({@code lstat})
     */
    LocalFiles(Duration interval, boolean followLinks) {
        this.intervalNanos = interval.toNanos();
        this.links = followLinks ? new LinkOption[0] : new LinkOption[] {LinkOption.NOFOLLOW_LINKS};
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

    private Content examine(String path, Content before, long now) {
        Path p = Path.of(path);
        boolean regular;
        FileTime modified;
        long size;
        long uid = -1;
        int mode = 0;
        try {
            Map<String, Object> a;
            try {
                a = Files.readAttributes(p, "unix:isRegularFile,lastModifiedTime,size,uid,mode", links);
                uid = ((Number) a.get("uid")).longValue();
                mode = ((Number) a.get("mode")).intValue();
            } catch (UnsupportedOperationException | IllegalArgumentException e) {
                a = Files.readAttributes(p, "isRegularFile,lastModifiedTime,size", links);
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

    private List<String> read(Path p) throws IOException {
        List<String> out = new ArrayList<>();
        // as Files.readAllLines (malformed UTF-8 is an error), but a link swapped in after the
        // examination is not followed either
        try (BufferedReader r = new BufferedReader(
                new InputStreamReader(Files.newInputStream(p, links), StandardCharsets.UTF_8.newDecoder()))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.startsWith("#")) {
                    continue;
                }
                // read as local(8) reads it: through the RFC 822 scanner, as postalias reads aliases
                out.addAll(AddressText.parseList(AliasParser.normalizeList(line)));
            }
        }
        return out;
    }
}
