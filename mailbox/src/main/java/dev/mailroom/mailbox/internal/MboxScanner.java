package dev.mailroom.mailbox.internal;

import dev.mailroom.mailbox.Flag;
import dev.mailroom.mailbox.FromLine;
import dev.mailroom.mailbox.MboxEntry;
import dev.mailroom.mailbox.MessageFlags;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.OptionalLong;
import java.util.TreeSet;

/**
 * One pass over an mbox file with a fixed buffer: finds the {@code From } separators and reads
 * the status headers of each message. Memory does not grow with the file or with the length
 * of its lines; offsets are {@code long}.
 *
 * <p>A line starting with {@code From } separates messages when it is the first line of the
 * file, when the line before it is empty, or when it has a recognisable date (an unquoted
 * {@code From } in a body of a sloppy writer is usually not preceded by an empty line and has
 * no date). Bytes before the first separator are skipped and counted.
 */
public final class MboxScanner {

    /** The longest separator or header line kept for parsing; longer ones are cut. */
    static final int CAPTURE = 8192;
    private static final int MIN_BUFFER = 4 * CAPTURE;

    private static final MessageFlags NO_FLAGS_OLD = MessageFlags.NONE.withRecent(false);

    /** The read-ahead thread lists the From line starts of a chunk while the scanner has one waiting. */
    public static final int MARK_WHEN_AHEAD = 0;
    /** The read-ahead thread lists the From line starts of every chunk (for tests). */
    public static final int MARK_ALWAYS = 1;
    /** The scanner searches every chunk itself (for tests). */
    public static final int MARK_NEVER = 2;

    /** Files at least this large are read ahead on a second thread ({@link ReadAhead}). */
    static final long READ_AHEAD_MIN = 16L << 20;

    private static final byte[] NONE = new byte[0];

    private final FileChannel channel;
    private final boolean fastBody;
    private ReadAhead ahead;
    /** The read-ahead chunk whose array is {@link #buf}, or null when the scanner reads for itself. */
    private ReadAhead.Chunk cur;
    /** The next of {@code cur}'s marks to look at. */
    private int markIdx;
    private final boolean useContentLength;
    private final int bufferSize;
    private byte[] buf;
    private ByteBuffer bb;
    private final long size;
    /** The file position of {@code buf[0]}; {@code buf[lo, len)} holds file bytes. */
    private long bufStart;
    private int lo;
    private int len;
    private int i;
    /** The end of the text of the line {@link #findLineEnd()} found last. */
    private int capEnd;
    private long readPos;
    private boolean eof;

    private long number;
    private long skippedBefore;
    private boolean prevEmpty;
    private long prevStart = -1;

    private boolean pending;
    private long pFrom;
    private long pContent;
    private FromLine pFromLine;
    private boolean pInHeaders;
    private long pFixedEnd = -1;
    private boolean pTruncated;
    private final EnumSet<Flag> pFlags = EnumSet.noneOf(Flag.class);
    private final TreeSet<String> pKeywords = new TreeSet<>();
    private boolean pOld;
    private long pUid = -1;
    private long pLength = -1;

    /**
     * A scanner from the start of {@code channel}.
     *
     * @param channel an open, readable channel; only positional reads are made
     * @param useContentLength honour {@code Content-Length:} (mboxcl, mboxcl2)
     * @param bufferSize the read buffer (at least 32 KiB is used)
     */
    public MboxScanner(FileChannel channel, boolean useContentLength, int bufferSize) throws IOException {
        this(channel, useContentLength, bufferSize, true);
    }

    /**
     * A scanner; {@code fastBody} false checks every body line (the reference the fast path
     * is tested against).
     */
    public MboxScanner(FileChannel channel, boolean useContentLength, int bufferSize, boolean fastBody)
            throws IOException {
        this(channel, useContentLength, bufferSize, fastBody, READ_AHEAD_MIN);
    }

    /**
     * A scanner that reads ahead on a second thread when the file has at least
     * {@code readAheadMinSize} bytes (as long as it reads the file in order).
     */
    public MboxScanner(FileChannel channel, boolean useContentLength, int bufferSize, boolean fastBody,
            long readAheadMinSize) throws IOException {
        this(channel, useContentLength, bufferSize, fastBody, readAheadMinSize, ReadAhead.CHUNK, MARK_WHEN_AHEAD);
    }

    /**
     * A scanner that reads ahead in chunks of {@code readAheadChunk} bytes (at least 8 KiB;
     * tests use small chunks to put many chunk boundaries in small files).
     *
     * @param marking {@link #MARK_WHEN_AHEAD} (the default), {@link #MARK_ALWAYS} or {@link #MARK_NEVER}
     */
    public MboxScanner(FileChannel channel, boolean useContentLength, int bufferSize, boolean fastBody,
            long readAheadMinSize, int readAheadChunk, int marking) throws IOException {
        this.fastBody = fastBody;
        this.channel = channel;
        this.useContentLength = useContentLength;
        this.bufferSize = Math.max(bufferSize, MIN_BUFFER);
        this.size = channel.size();
        if (size >= readAheadMinSize) {
            ahead = new ReadAhead(channel, 0, readAheadChunk, marking);
            this.buf = NONE; // the chunks' arrays are scanned in place
        } else {
            this.buf = new byte[this.bufferSize];
        }
    }

    /** Bytes skipped before the first {@code From } line (not part of any message). */
    public long skippedBeforeFirst() {
        return skippedBefore;
    }

    /**
     * The next message, or null at the end of the file.
     *
     * @throws IOException when the file cannot be read
     */
    public MboxEntry next() throws IOException {
        while (true) {
            // refill here, once a buffer, rather than in the middle of a line: every line below
            // then has CAPTURE bytes (or the rest of the file) in the buffer, so the header
            // lines never cross its end (only skipLine, for longer lines, reads on)
            if (len - i < CAPTURE && !eof) {
                fill();
            }
            if (i >= len) {
                if (pending) {
                    long end = pFixedEnd >= 0 ? pFixedEnd : (prevEmpty && prevStart >= pContent ? prevStart : bufStart + len);
                    if (pInHeaders) {
                        pTruncated = true;
                    }
                    return finish(end);
                }
                return null;
            }
            if (fastBody && pending && !pInHeaders && pFixedEnd < 0
                    && !(len - i >= 5 && Bytes.isFrom(buf, i))) {
                skipBody();
                continue;
            }
            long lineStart = bufStart + i;
            byte b0 = buf[i];
            int avail = len - i;
            if (b0 == 'F' && avail >= 5 && Bytes.isFrom(buf, i)) {
                FromLine from = captureFromLine();
                if (!pending || prevEmpty || pFixedEnd >= 0 || from.date().isPresent()) {
                    MboxEntry done = null;
                    if (pending) {
                        done = finish(pFixedEnd >= 0 ? pFixedEnd : prevEmpty ? prevStart : lineStart);
                    } else {
                        skippedBefore = lineStart;
                    }
                    begin(lineStart, bufStart + i, from);
                    if (done != null) {
                        return done;
                    }
                    continue;
                }
                prevEmpty = false;
                prevStart = lineStart;
                continue;
            }
            boolean empty = b0 == '\n' || (b0 == '\r' && avail >= 2 && buf[i + 1] == '\n');
            if (pending && pInHeaders) {
                if (empty) {
                    skipLine();
                    pInHeaders = false;
                    prevEmpty = true;
                    prevStart = lineStart;
                    if (useContentLength && pLength >= 0) {
                        jumpByContentLength(bufStart + i);
                    }
                    continue;
                }
                int lower = b0 | 0x20;
                if ((lower == 's' || lower == 'x' || lower == 'c') && interestingName(b0)) {
                    header(captureLine());
                } else {
                    skipLine();
                }
            } else {
                skipLine();
            }
            prevEmpty = empty;
            prevStart = lineStart;
        }
    }

    /**
     * In a body, from a line start at i that is not a From_ line: moves i to the start of the
     * next line that starts with {@code From } (or to the end of the file), looking only at
     * {@code F} bytes (or at the line starts the read-ahead thread found), and sets
     * {@link #prevEmpty}/{@link #prevStart} for it. Looks back at most three bytes, never
     * before the line start i (the byte before it is a line end).
     */
    private void skipBody() throws IOException {
        int f = i; // buf[f, len) is known; f is the line start, or four bytes before the search point
        int k = i + 1;
        while (true) {
            int j = nextF(k);
            if (j >= 0 && j + 5 <= len) {
                if (buf[j - 1] == '\n' && Bytes.isFrom(buf, j)) {
                    i = j;
                    if (j - 1 == f || buf[j - 2] == '\n') {
                        prevEmpty = true;
                        prevStart = bufStart + j - 1;
                    } else if (buf[j - 2] == '\r' && (j - 2 == f || buf[j - 3] == '\n')) {
                        prevEmpty = true;
                        prevStart = bufStart + j - 2;
                    } else {
                        prevEmpty = false;
                        prevStart = bufStart + j - 1;
                    }
                    return;
                }
                k = j + 1;
                continue;
            }
            if (eof) {
                i = len;
                if (len - 1 >= f && buf[len - 1] == '\n' && (len - 1 == f || buf[len - 2] == '\n')) {
                    prevEmpty = true;
                    prevStart = bufStart + len - 1;
                } else if (len - 2 >= f && buf[len - 1] == '\n' && buf[len - 2] == '\r'
                        && (len - 2 == f || buf[len - 3] == '\n')) {
                    prevEmpty = true;
                    prevStart = bufStart + len - 2;
                } else {
                    prevEmpty = false;
                }
                return;
            }
            // keep four bytes before the search point (the empty-line test looks back three)
            int resume = j >= 0 ? j : len;
            long absResume = bufStart + resume;
            i = Math.max(i, resume - 4);
            fill();
            f = i;
            k = (int) (absResume - bufStart);
        }
    }

    /**
     * The index of the next {@code F} at or after k that may start a line, or -1: with a
     * read-ahead chunk, the next line start the reading thread found (the bytes carried over
     * from the previous chunk are searched here).
     */
    private int nextF(int k) {
        ReadAhead.Chunk c = cur;
        if (c == null) {
            return Bytes.indexOfF(buf, k, len);
        }
        if (k < ReadAhead.PREFIX) {
            int j = Bytes.indexOfF(buf, k, Math.min(ReadAhead.PREFIX, len));
            if (j >= 0) {
                return j;
            }
            k = ReadAhead.PREFIX;
        }
        if (c.count < 0) {
            return Bytes.indexOfF(buf, k, len);
        }
        int[] m = c.marks;
        int n = c.count;
        int x = markIdx;
        while (x > 0 && m[x - 1] >= k) {
            x--;
        }
        while (x < n && m[x] < k) {
            x++;
        }
        markIdx = x;
        return x < n ? m[x] : -1;
    }

    private void begin(long from, long content, FromLine line) {
        pending = true;
        number++;
        pFrom = from;
        pContent = content;
        pFromLine = line;
        pInHeaders = true;
        pFixedEnd = -1;
        pTruncated = false;
        pFlags.clear();
        pKeywords.clear();
        pOld = false;
        pUid = -1;
        pLength = -1;
        prevEmpty = false;
        prevStart = from;
    }

    private MboxEntry finish(long end) {
        pending = false;
        long e = Math.max(end, pContent);
        MessageFlags flags = pFlags.isEmpty() && pKeywords.isEmpty()
                ? (pOld ? NO_FLAGS_OLD : MessageFlags.NONE) : new MessageFlags(pFlags, pKeywords, !pOld);
        return new MboxEntry(number, pFrom, pContent, e, pFromLine, flags,
                pUid >= 0 ? OptionalLong.of(pUid) : OptionalLong.empty(),
                pLength >= 0 ? OptionalLong.of(pLength) : OptionalLong.empty(), pTruncated);
    }

    private void jumpByContentLength(long bodyStart) throws IOException {
        long candidate = bodyStart + pLength;
        if (candidate > size) {
            pTruncated = true;
            return; // announced past the end: fall back to separators
        }
        if (candidate == size) {
            pFixedEnd = candidate;
            seek(candidate);
            return;
        }
        byte[] probe = new byte[7];
        int n = channel.read(ByteBuffer.wrap(probe), candidate);
        if (n >= 5 && Bytes.isFrom(probe, 0)
                || n >= 6 && probe[0] == '\n' && Bytes.isFrom(probe, 1)
                || n >= 7 && probe[0] == '\r' && probe[1] == '\n' && Bytes.isFrom(probe, 2)) {
            pFixedEnd = candidate;
            seek(candidate);
            prevEmpty = false;
        }
        // otherwise the header lies: find the end by separators, as mutt does
    }

    private static final byte[] STATUS = "status:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[][] X_NAMES = {
        "x-status:".getBytes(StandardCharsets.US_ASCII), "x-keywords:".getBytes(StandardCharsets.US_ASCII),
        "x-uid:".getBytes(StandardCharsets.US_ASCII)};
    private static final byte[] CONTENT_LENGTH = "content-length:".getBytes(StandardCharsets.US_ASCII);

    /**
     * True when the line at i, whose first byte is {@code b0} ({@code S}, {@code X} or
     * {@code C} in either case), starts with one of the header names read (case-insensitive).
     */
    private boolean interestingName(byte b0) {
        int c = b0 | 0x20;
        if (c == 's') {
            return startsWithIgnoreCase(STATUS);
        }
        if (c == 'c') {
            return startsWithIgnoreCase(CONTENT_LENGTH);
        }
        for (byte[] name : X_NAMES) {
            if (startsWithIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    /** True when the bytes at i are {@code lower} in either case (and there are enough of them). */
    private boolean startsWithIgnoreCase(byte[] lower) {
        if (len - i < lower.length) {
            return false;
        }
        for (int k = 0; k < lower.length; k++) {
            int c = buf[i + k];
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != lower[k]) {
                return false;
            }
        }
        return true;
    }

    private void header(String line) {
        int colon = line.indexOf(':');
        if (colon <= 0) {
            return;
        }
        String name = line.substring(0, colon).strip();
        String value = line.substring(colon + 1).strip();
        if (name.equalsIgnoreCase("Status")) {
            for (int k = 0; k < value.length(); k++) {
                char c = value.charAt(k);
                if (c == 'R') {
                    pFlags.add(Flag.SEEN);
                } else if (c == 'O') {
                    pOld = true;
                }
            }
        } else if (name.equalsIgnoreCase("X-Status")) {
            for (int k = 0; k < value.length(); k++) {
                switch (value.charAt(k)) {
                    case 'A' -> pFlags.add(Flag.REPLIED);
                    case 'F' -> pFlags.add(Flag.FLAGGED);
                    case 'T' -> pFlags.add(Flag.DRAFT);
                    case 'D' -> pFlags.add(Flag.TRASHED);
                    default -> { }
                }
            }
        } else if (name.equalsIgnoreCase("X-Keywords")) {
            for (String k : value.split("[\\s,]+")) {
                if (!k.isEmpty()) {
                    pKeywords.add(k);
                }
            }
        } else if (name.equalsIgnoreCase("X-UID")) {
            pUid = parseNumber(value);
        } else if (name.equalsIgnoreCase("Content-Length")) {
            pLength = parseNumber(value);
        }
    }

    private static long parseNumber(String v) {
        if (v.isEmpty() || v.length() > 18) {
            return -1;
        }
        long n = 0;
        for (int k = 0; k < v.length(); k++) {
            char c = v.charAt(k);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    /** Decodes the current line (cut at {@link #CAPTURE} bytes, line end removed) and skips it. */
    private String captureLine() throws IOException {
        int j = findLineEnd();
        String s = decode(i, capEnd);
        skipCaptured(j);
        return s;
    }

    /** Parses the current line, a {@code From } line (cut at {@link #CAPTURE} bytes), and skips it. */
    private FromLine captureFromLine() throws IOException {
        int j = findLineEnd();
        FromLine f = FromLine.parse(buf, i, capEnd - i);
        skipCaptured(j);
        return f;
    }

    /**
     * Finds the end of the line at i within {@link #CAPTURE} bytes: sets {@link #capEnd} to
     * the end of its text (line end removed, or cut) and returns the index of its LF, or -1.
     */
    private int findLineEnd() {
        int limit = Math.min(len, i + CAPTURE); // next() has made CAPTURE bytes available, or the rest of the file
        int j = Bytes.indexOfLf(buf, i, limit);
        int end = j < 0 ? limit : j;
        if (end > i && buf[end - 1] == '\r') {
            end--;
        }
        capEnd = end;
        return j;
    }

    /** Moves past the line {@link #findLineEnd()} found (j its LF, or -1 for a cut line). */
    private void skipCaptured(int j) throws IOException {
        if (j >= 0) {
            i = j + 1;
        } else {
            skipLine(); // a line longer than CAPTURE: skip the rest
        }
    }

    /** UTF-8, malformed bytes replaced by U+FFFD (the String constructor's rule). */
    private String decode(int from, int to) {
        return new String(buf, from, to - from, StandardCharsets.UTF_8);
    }

    private void skipLine() throws IOException {
        while (true) {
            int j = Bytes.indexOfLf(buf, i, len);
            if (j >= 0) {
                i = j + 1;
                return;
            }
            i = len;
            if (eof) {
                return;
            }
            fill();
            if (i >= len) {
                return;
            }
        }
    }

    private void seek(long pos) throws IOException {
        if (pos >= bufStart + lo && pos <= bufStart + len) {
            i = (int) (pos - bufStart);
            return;
        }
        bufStart = pos;
        len = 0;
        i = 0;
        lo = 0;
        readPos = pos;
        eof = false;
        fill();
    }

    /**
     * Makes at least {@link #CAPTURE} bytes from i available, or all up to the end of the file;
     * keeps {@code buf[i, len)}.
     */
    private void fill() throws IOException {
        if (ahead != null) {
            while (len - i < CAPTURE && !eof) {
                ReadAhead.Chunk c = ahead.take(readPos);
                if (c == ReadAhead.NOT_IN_ORDER) {
                    // not in order any more (a seek, a cut file): read for ourselves from here on
                    ahead.stop();
                    ahead = null;
                    break;
                }
                if (c.end) {
                    eof = true;
                    break;
                }
                // carry the rest of the current line into the room before the chunk's data
                int r = len - i;
                System.arraycopy(buf, i, c.data, ReadAhead.PREFIX - r, r);
                if (cur != null) {
                    ahead.recycle(cur);
                }
                cur = c;
                buf = c.data;
                bufStart = c.pos - ReadAhead.PREFIX;
                i = ReadAhead.PREFIX - r;
                lo = i;
                len = ReadAhead.PREFIX + c.length;
                readPos = c.pos + c.length;
                markIdx = 0;
            }
            if (ahead != null || eof) {
                return;
            }
            cur = null;
            if (buf.length < bufferSize) {
                byte[] own = new byte[bufferSize];
                System.arraycopy(buf, i, own, 0, len - i);
                bufStart += i;
                len -= i;
                i = 0;
                lo = 0;
                buf = own;
            }
        }
        if (i > 0) {
            System.arraycopy(buf, i, buf, 0, len - i);
            bufStart += i;
            len -= i;
            i = 0;
        }
        lo = 0;
        if (bb == null || bb.array() != buf) {
            bb = ByteBuffer.wrap(buf);
        }
        while (len < buf.length && !eof) {
            bb.limit(buf.length).position(len);
            int n = channel.read(bb, readPos);
            if (n < 0) {
                eof = true;
            } else {
                len += n;
                readPos += n;
            }
        }
    }
}
