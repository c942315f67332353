package dev.mailroom.table.internal;

import dev.mailroom.table.internal.PosixRegex.Alt;
import dev.mailroom.table.internal.PosixRegex.Assert;
import dev.mailroom.table.internal.PosixRegex.BackRef;
import dev.mailroom.table.internal.PosixRegex.CharSet;
import dev.mailroom.table.internal.PosixRegex.Group;
import dev.mailroom.table.internal.PosixRegex.Node;
import dev.mailroom.table.internal.PosixRegex.Repeat;
import dev.mailroom.table.internal.PosixRegex.Seq;
import java.util.Arrays;
import java.util.List;

/**
 * A backtracking matcher over the POSIX tree for expressions with capture groups inside
 * repetitions, where {@link java.util.regex} assigns groups differently from glibc: Java keeps
 * captures of abandoned iterations and takes an extra empty iteration at the end of a loop,
 * glibc does neither. Priorities are glibc's: alternatives in order, more iterations first, an
 * empty iteration only when the loop has made no other (or needs it to reach its minimum). The
 * span [start, end] is fixed by the caller (leftmost-longest). Gives up after a step budget.
 */
final class LoopCaptureMatcher {

    private static final int STEP_LIMIT = 100_000;

    @FunctionalInterface
    private interface Cont {
        boolean run(int pos);
    }

    private final String s;
    private final int end;
    private final int[] caps;
    private final boolean icase;
    private final boolean newline;
    private int steps;

    private LoopCaptureMatcher(String s, int end, int groups, boolean icase, boolean newline) {
        this.s = s;
        this.end = end;
        this.caps = new int[groups * 2];
        Arrays.fill(caps, -1);
        this.icase = icase;
        this.newline = newline;
    }

    /** @return whether the tree has a capture group inside a repetition */
    static boolean needed(Node n, boolean inLoop) {
        if (n instanceof Group g) {
            return inLoop || needed(g.body(), false);
        }
        if (n instanceof Repeat r) {
            return needed(r.body(), true);
        }
        if (n instanceof Seq q) {
            return q.items().stream().anyMatch(i -> needed(i, inLoop));
        }
        if (n instanceof Alt a) {
            return a.alternatives().stream().anyMatch(i -> needed(i, inLoop));
        }
        return false;
    }

    /** The group spans of the match over exactly [start, end], or null (no match or budget). */
    static int[] match(Node root, int groups, String s, int start, int end, boolean icase, boolean newline) {
        LoopCaptureMatcher m = new LoopCaptureMatcher(s, end, groups, icase, newline);
        int[][] out = new int[1][];
        m.match(root, start, j -> {
            if (j == end) {
                out[0] = m.caps.clone();
                return true;
            }
            return false;
        });
        return m.steps > STEP_LIMIT ? null : out[0];
    }

    private boolean match(Node n, int i, Cont k) {
        if (++steps > STEP_LIMIT) {
            return true;
        }
        if (n instanceof CharSet c) {
            return i < end && c.bytes().get(s.charAt(i) & 0xff) && k.run(i + 1);
        }
        if (n instanceof Seq q) {
            return seq(q.items(), 0, i, k);
        }
        if (n instanceof Alt a) {
            for (Node alt : a.alternatives()) {
                if (match(alt, i, k)) {
                    return true;
                }
            }
            return false;
        }
        if (n instanceof Group g) {
            int si = 2 * g.index() - 2;
            return match(g.body(), i, j -> {
                int os = caps[si];
                int oe = caps[si + 1];
                caps[si] = i;
                caps[si + 1] = j;
                if (k.run(j)) {
                    return true;
                }
                caps[si] = os;
                caps[si + 1] = oe;
                return false;
            });
        }
        if (n instanceof Repeat r) {
            return repeat(r, 0, i, k);
        }
        if (n instanceof BackRef b) {
            int st = caps[2 * b.index() - 2];
            if (st < 0) {
                return false;
            }
            int len = caps[2 * b.index() - 1] - st;
            return i + len <= end && s.regionMatches(icase, i, s, st, len) && k.run(i + len);
        }
        return holds((Assert) n, i) && k.run(i);
    }

    private boolean seq(List<Node> items, int idx, int i, Cont k) {
        if (idx == items.size()) {
            return k.run(i);
        }
        return match(items.get(idx), i, j -> seq(items, idx + 1, j, k));
    }

    private boolean repeat(Repeat r, int count, int i, Cont k) {
        if (r.max() < 0 || count < r.max()) {
            boolean stop = match(r.body(), i, j -> {
                if (j == i) {
                    // an empty iteration ends the loop; glibc takes one only to reach the
                    // minimum or when the loop has matched nothing else
                    return (count < r.min() || count == 0) && (count + 1 >= r.min()
                            ? k.run(j) : repeat(r, count + 1, j, k));
                }
                return repeat(r, count + 1, j, k);
            });
            if (stop) {
                return true;
            }
        }
        return count >= r.min() && k.run(i);
    }

    private boolean holds(Assert a, int i) {
        int n = s.length();
        boolean before = i > 0 && isWord(s.charAt(i - 1));
        boolean after = i < n && isWord(s.charAt(i));
        switch (a.kind()) {
            case BOL:
                return i == 0 || newline && s.charAt(i - 1) == '\n';
            case BUF_START:
                return i == 0;
            case EOL:
                return i == n || newline && s.charAt(i) == '\n';
            case BUF_END:
                return i == n;
            case WORD_BOUNDARY:
                return before != after;
            case NOT_WORD_BOUNDARY:
                return before == after;
            case WORD_START:
                return !before && after;
            default:
                return before && !after;
        }
    }

    private static boolean isWord(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_';
    }
}
