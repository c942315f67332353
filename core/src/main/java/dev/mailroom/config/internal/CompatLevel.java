package dev.mailroom.config.internal;

import dev.mailroom.internal.LogicalLineReader;
import java.util.function.Consumer;

/**
 * Postfix compatibility levels ({@code 0}, {@code 2}, {@code 3.6}, {@code 3.6.1}): parsing
 * into one comparable number and the {@code <level}-style relational operators.
 */
public final class CompatLevel {

    private static final int MINOR_BITS = 0x3ff;
    private static final int PATCH_BITS = 0x3ff;
    private static final int MINOR_SHIFT = 10;
    private static final int MAJOR_SHIFT = 20;

    private CompatLevel() {
    }

    /**
     * Parses {@code major[.minor[.patch]]}.
     *
     * @return the encoded level, or -1 when the text is malformed
     */
    public static long parse(String s) {
        int[] pos = {0};
        long major = number(s, pos);
        if (major < 0 || major > (Long.MAX_VALUE >> MAJOR_SHIFT)) {
            return -1;
        }
        long res = major << MAJOR_SHIFT;
        if (pos[0] == s.length()) {
            return res;
        }
        if (s.charAt(pos[0]) != '.') {
            return -1;
        }
        pos[0]++;
        long minor = number(s, pos);
        if (minor < 0 || minor > MINOR_BITS) {
            return -1;
        }
        res |= minor << MINOR_SHIFT;
        if (pos[0] == s.length()) {
            return res;
        }
        if (s.charAt(pos[0]) != '.') {
            return -1;
        }
        pos[0]++;
        long patch = number(s, pos);
        if (patch < 0 || patch > PATCH_BITS || pos[0] != s.length()) {
            return -1;
        }
        return res | patch;
    }

    /** Reads optional white space, an optional sign and decimal digits, like strtol. */
    private static long number(String s, int[] pos) {
        int i = pos[0];
        while (i < s.length() && LogicalLineReader.isSpace(s.charAt(i))) {
            i++;
        }
        boolean negative = false;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        int digits = i;
        long v = 0;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            v = v * 10 + (s.charAt(i) - '0');
            if (v > Integer.MAX_VALUE * 1024L * 1024L) {
                return -1;
            }
            i++;
        }
        if (i == digits) {
            return -1;
        }
        pos[0] = i;
        return negative ? -v : v;
    }

    /**
     * Compares two compatibility levels.
     *
     * @return the result, or {@code null} after warning about a malformed level
     */
    static Boolean compare(String left, String op, String right, Consumer<String> warnings) {
        long l = parse(left);
        if (l < 0) {
            warnings.accept("malformed compatibility level syntax: \"" + left + "\"");
            return null;
        }
        long r = parse(right);
        if (r < 0) {
            warnings.accept("malformed compatibility level syntax: \"" + right + "\"");
            return null;
        }
        return MacroExpander.compare(Long.toString(l), op, Long.toString(r));
    }
}
