package dev.mailroom.mailbox.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

final class BytesTest {

    private static int naive(byte[] a, byte wanted, int from, int to) {
        for (int k = from; k < to; k++) {
            if (a[k] == wanted) {
                return k;
            }
        }
        return -1;
    }

    @Test
    void indexOfF_findsTheFirstF_atEveryPositionOfEveryBlockAndRange() {
        byte[] a = new byte[80];
        for (int at = 0; at < a.length; at++) {
            Arrays.fill(a, (byte) 'x');
            a[at] = 'F';
            if (at + 9 < a.length) {
                a[at + 9] = 'F';
            }
            for (int from = 0; from < a.length; from += 3) {
                for (int to = from; to <= a.length; to += 5) {
                    assertEquals(naive(a, (byte) 'F', from, to), Bytes.indexOfF(a, from, to),
                            "F at " + at + " in [" + from + "," + to + ")");
                }
            }
        }
    }

    @Test
    void indexOfF_findsTheF_afterBlocksWithEightBitBytes_orAsciiBlocks() {
        for (int high = -1; high < 200; high += 7) {
            for (int at = 0; at < 200; at += 3) {
                byte[] a = new byte[200];
                Arrays.fill(a, (byte) 'a');
                if (high >= 0) {
                    a[high] = (byte) 0xC3; // a UTF-8 lead byte: marked by the quick test, not an F
                }
                a[at] = 'F';
                for (int from = 0; from <= at; from += 11) {
                    assertEquals(naive(a, (byte) 'F', from, a.length), Bytes.indexOfF(a, from, a.length),
                            "F at " + at + ", 0xC3 at " + high + ", from " + from);
                }
            }
        }
    }

    @Test
    void indexOfF_andIndexOfLf_matchAByteLoop_onRandomBytes() {
        Random r = new Random(7);
        for (int round = 0; round < 2000; round++) {
            byte[] a = new byte[r.nextInt(200)];
            for (int k = 0; k < a.length; k++) {
                int p = r.nextInt(100);
                a[k] = p == 0 ? (byte) 'F' : p == 1 ? (byte) '\n' : p == 2 ? (byte) 0xC6 : (byte) r.nextInt(256);
            }
            int from = a.length == 0 ? 0 : r.nextInt(a.length);
            assertEquals(naive(a, (byte) 'F', from, a.length), Bytes.indexOfF(a, from, a.length));
            assertEquals(naive(a, (byte) '\n', from, a.length), Bytes.indexOfLf(a, from, a.length));
        }
    }

    @Test
    void fromLineStarts_listsEveryLineStartingWithFrom_asANaiveLoopDoes() {
        Random rnd = new Random(3);
        byte[] alphabet = "FFrom \n\nxG\u00e9".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (int round = 0; round < 2000; round++) {
            byte[] a = new byte[rnd.nextInt(300)];
            for (int k = 0; k < a.length; k++) {
                a[k] = rnd.nextInt(8) == 0 ? alphabet[rnd.nextInt(alphabet.length)] : (byte) "abcFrom \n".charAt(rnd.nextInt(9));
            }
            int from = a.length == 0 ? 0 : rnd.nextInt(a.length);
            int to = from + rnd.nextInt(a.length - from + 1);
            boolean startAtFrom = rnd.nextBoolean();
            int[] expected = new int[a.length + 1];
            int n = 0;
            for (int k = from; k < to; k++) {
                boolean lineStart = k == from ? startAtFrom : a[k - 1] == '\n';
                if (lineStart && a[k] == 'F' && (k + 5 > to || Bytes.isFrom(a, k))) {
                    expected[n++] = k;
                }
            }
            int[] out = new int[a.length + 1];
            int got = Bytes.fromLineStarts(a, from, to, startAtFrom, out);
            String what = "round " + round;
            assertEquals(n, got, what);
            assertEquals(Arrays.toString(Arrays.copyOf(expected, n)), Arrays.toString(Arrays.copyOf(out, got)), what);
            if (n > 0) {
                assertEquals(-1, Bytes.fromLineStarts(a, from, to, startAtFrom, new int[n - 1]), what);
            }
        }
    }
}
