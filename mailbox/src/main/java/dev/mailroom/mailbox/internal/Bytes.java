package dev.mailroom.mailbox.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Byte searches used by the mbox scanner; eight bytes at a time. */
public final class Bytes {

    private static final VarHandle LONG =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    private Bytes() {
    }

    /**
     * Index of the first {@code '\n'} in {@code a[from, to)}, or -1. A plain loop: the lines it
     * is used on (headers, From lines) are short, and a plain loop costs a tenth of a word-wise
     * search before the JIT has compiled it and compiles to a fraction of its size.
     */
    public static int indexOfLf(byte[] a, int from, int to) {
        for (int k = from; k < to; k++) {
            if (a[k] == '\n') {
                return k;
            }
        }
        return -1;
    }

    private static final long FS = 0x4646464646464646L;

    /**
     * Index of the first {@code 'F'} in {@code a[from, to)}, or -1.
     *
     * <p>Four words per step. While the text is ASCII a quick test does: {@code (x - ONES) &
     * HIGHS} marks a zero byte of {@code x = word ^ "FFFFFFFF"} exactly when no byte is 0x80
     * or above (such a byte is marked too). From the first marked block on, the exact test
     * {@code (x - ONES) & ~x & HIGHS} is used for the rest of the range, so text with 8-bit
     * bytes costs what it did before the quick test was added and ASCII text less.
     */
    public static int indexOfF(byte[] a, int from, int to) {
        int k = from;
        for (; k + 32 <= to; k += 32) {
            long x0 = (long) LONG.get(a, k) ^ FS;
            long x1 = (long) LONG.get(a, k + 8) ^ FS;
            long x2 = (long) LONG.get(a, k + 16) ^ FS;
            long x3 = (long) LONG.get(a, k + 24) ^ FS;
            if ((((x0 - ONES) | (x1 - ONES) | (x2 - ONES) | (x3 - ONES)) & HIGHS) != 0) {
                break;
            }
        }
        // exact: four words per step, one branch; a block with a match is searched word by word
        for (; k + 32 <= to; k += 32) {
            long x0 = (long) LONG.get(a, k) ^ FS;
            long x1 = (long) LONG.get(a, k + 8) ^ FS;
            long x2 = (long) LONG.get(a, k + 16) ^ FS;
            long x3 = (long) LONG.get(a, k + 24) ^ FS;
            long t = ((x0 - ONES) & ~x0) | ((x1 - ONES) & ~x1) | ((x2 - ONES) & ~x2) | ((x3 - ONES) & ~x3);
            if ((t & HIGHS) != 0) {
                break;
            }
        }
        for (; k + 8 <= to; k += 8) {
            long x = (long) LONG.get(a, k) ^ FS;
            long t = (x - ONES) & ~x & HIGHS;
            if (t != 0) {
                return k + (Long.numberOfTrailingZeros(t) >>> 3);
            }
        }
        for (; k < to; k++) {
            if (a[k] == 'F') {
                return k;
            }
        }
        return -1;
    }

    /**
     * Lists the line starts in {@code a[from, to)} whose line begins with {@code From } (or
     * with {@code F} when fewer than five bytes follow it before {@code to}) into {@code out},
     * in order. Built on {@link #indexOfF}, so a second thread calling it shares the scanner's
     * compiled code instead of giving the JIT's one C2 thread (on two cores) a method of its own
     * to compile while the scanner waits for its own.
     *
     * @param lineStartAtFrom whether a line starts at {@code from} (the byte before is a line end)
     * @return the number of line starts listed, or -1 when there are more than {@code out.length}
     */
    public static int fromLineStarts(byte[] a, int from, int to, boolean lineStartAtFrom, int[] out) {
        int n = 0;
        int k = from;
        while (true) {
            int j = indexOfF(a, k, to);
            if (j < 0) {
                return n;
            }
            if ((j == from ? lineStartAtFrom : a[j - 1] == '\n') && (j + 5 > to || isFrom(a, j))) {
                if (n == out.length) {
                    return -1;
                }
                out[n++] = j;
            }
            k = j + 1;
        }
    }

    /** True when {@code a[at..]} starts with {@code "From "}; the caller ensures 5 bytes. */
    public static boolean isFrom(byte[] a, int at) {
        return a[at] == 'F' && a[at + 1] == 'r' && a[at + 2] == 'o' && a[at + 3] == 'm' && a[at + 4] == ' ';
    }
}
