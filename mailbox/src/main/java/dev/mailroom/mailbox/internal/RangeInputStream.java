package dev.mailroom.mailbox.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * The bytes {@code [start, end)} of a file, read with positional reads (the channel's
 * position is not used, so several streams may share one channel), optionally removing one
 * {@code >} from quoted {@code From } lines as an mbox variant prescribes.
 */
public final class RangeInputStream extends InputStream {

    /** Which quoted lines lose one {@code >}. */
    public enum Unquote {
        /** None. */
        NONE,
        /** Lines starting with exactly {@code >From }. */
        MBOXO,
        /** Lines matching {@code >+From }. */
        MBOXRD
    }

    private final FileChannel channel;
    private final long end;
    private final Unquote unquote;
    private final byte[] buf;
    private final ByteBuffer bb;
    private long readPos;
    private int p;
    private int len;
    private boolean lineStart = true;

    /**
     * A stream over part of a file.
     *
     * @param channel the file
     * @param start first byte
     * @param end end (exclusive)
     * @param unquote the quoting to undo
     */
    public RangeInputStream(FileChannel channel, long start, long end, Unquote unquote) {
        this.channel = channel;
        this.end = end;
        this.unquote = unquote;
        // small messages get a small buffer: listings open one stream per message
        this.buf = new byte[(int) Math.max(64, Math.min(64 * 1024, end - start + 8))];
        this.bb = ByteBuffer.wrap(buf);
        this.readPos = start;
    }

    private final byte[] one = new byte[1];

    @Override
    public int read() throws IOException {
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int n) throws IOException {
        java.util.Objects.checkFromIndexSize(off, n, b.length);
        if (n == 0) {
            return 0;
        }
        if (p >= len && !fill(1)) {
            return -1;
        }
        if (unquote == Unquote.NONE) {
            int c = Math.min(n, len - p);
            System.arraycopy(buf, p, b, off, c);
            p += c;
            return c;
        }
        if (lineStart) {
            lineStart = false;
            if (buf[p] == '>' && quoted()) {
                p++;
                if (p >= len && !fill(1)) {
                    return -1;
                }
            }
        }
        int limit = Math.min(len, p + n);
        int lf = Bytes.indexOfLf(buf, p, limit);
        int stop = lf < 0 ? limit : lf + 1;
        int c = stop - p;
        System.arraycopy(buf, p, b, off, c);
        p = stop;
        if (lf >= 0) {
            lineStart = true;
        }
        return c;
    }

    private boolean quoted() throws IOException {
        int k = 0;
        while (true) {
            if (p + k + 5 > len && !fill(k + 5)) {
                return false;
            }
            if (p + k + 5 > len) {
                return false;
            }
            if (buf[p + k] == '>') {
                k++;
                if (unquote == Unquote.MBOXO && k > 1) {
                    return false;
                }
                continue;
            }
            return k >= 1 && Bytes.isFrom(buf, p + k);
        }
    }

    /** Makes at least {@code need} bytes available from p, when the range has them. */
    private boolean fill(int need) throws IOException {
        if (len - p >= need) {
            return true;
        }
        if (p > 0) {
            System.arraycopy(buf, p, buf, 0, len - p);
            len -= p;
            p = 0;
        }
        while (len < need && readPos < end && len < buf.length) {
            int want = (int) Math.min(buf.length - len, end - readPos);
            bb.limit(len + want).position(len);
            int r = channel.read(bb, readPos);
            if (r < 0) {
                break;
            }
            len += r;
            readPos += r;
        }
        return len - p >= need;
    }

    @Override
    public int available() {
        return len - p;
    }
}
