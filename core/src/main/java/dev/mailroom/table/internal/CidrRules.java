package dev.mailroom.table.internal;

import dev.mailroom.internal.InetText;
import java.util.Arrays;
import java.util.function.Consumer;

/** Rule parsing and address matching for {@code cidr:} tables (IPv4 and IPv6). */
final class CidrRules {

    private CidrRules() {
    }

    /** An address block; the query must be a bare address of the same family. */
    static final class Block implements PatternTables.Expr {
        private final byte[] network;
        private final int bits;

        Block(byte[] network, int bits) {
            this.network = network;
            this.bits = bits;
        }

        @Override
        public boolean find(String key) {
            byte[] a = parseAddress(key);
            if (a == null || a.length != network.length) {
                return false;
            }
            return prefixEquals(a, network, bits);
        }

        @Override
        public boolean findNegated(String key) {
            byte[] a = parseAddress(key);
            return a != null && a.length == network.length && !prefixEquals(a, network, bits);
        }

        @Override
        public int[] match(String key) {
            return find(key) ? new int[0] : null;
        }

        @Override
        public int groupCount() {
            return 0;
        }
    }

    /** Parses {@code [!]pattern result}. */
    static PatternTables.Rule parseRule(String text, String prefix, Consumer<String> w) {
        int n = text.length();
        int p = 0;
        while (p < n && !SourceParser.isSpace(text.charAt(p))) {
            p++;
        }
        String pattern = text.substring(0, p);
        String result = BraceSyntax.trim(text.substring(p));
        boolean negated = false;
        while (pattern.startsWith("!")) {
            negated = !negated;
            pattern = pattern.substring(1);
        }
        Block b = parseBlock(pattern, prefix, w);
        if (b == null) {
            return null;
        }
        if (result.isEmpty()) {
            w.accept(prefix + "no lookup result: skipping this rule");
            return null;
        }
        try {
            Replacement r = Replacement.parse(result.replace("$", "$$"), prefix, false, false, false, 0, w);
            return new PatternTables.Rule(0, b, negated, null, r);
        } catch (Replacement.Invalid e) {
            return null;
        }
    }

    /** Parses the rest of an {@code if [!]pattern} line. */
    static PatternTables.Rule parseIf(String rest, String prefix, Consumer<String> w) {
        String pattern = BraceSyntax.trim(rest);
        boolean negated = false;
        while (pattern.startsWith("!")) {
            negated = !negated;
            pattern = pattern.substring(1);
        }
        Block b = parseBlock(pattern, prefix, w);
        if (b == null) {
            return null;
        }
        return new PatternTables.Rule(1, b, negated, null, null);
    }

    private static Block parseBlock(String pattern, String prefix, Consumer<String> w) {
        String p = pattern;
        String lenText = null;
        if (p.startsWith("[")) {
            int close = p.indexOf(']');
            if (close < 0) {
                w.accept(prefix + "missing ']' character after \"" + pattern + "\": skipping this rule");
                return null;
            }
            String rest = p.substring(close + 1);
            String inner = p.substring(1, close);
            int slash = inner.indexOf('/');
            if (slash >= 0) {
                lenText = inner.substring(slash + 1);
                inner = inner.substring(0, slash);
                if (!rest.isEmpty()) {
                    w.accept(prefix + "bad address pattern: \"" + pattern + "\": skipping this rule");
                    return null;
                }
            } else if (rest.startsWith("/")) {
                lenText = rest.substring(1);
            } else if (!rest.isEmpty()) {
                w.accept(prefix + "bad address pattern: \"" + pattern + "\": skipping this rule");
                return null;
            }
            p = inner;
        } else {
            int slash = p.indexOf('/');
            if (slash >= 0) {
                lenText = p.substring(slash + 1);
                p = p.substring(0, slash);
            }
        }
        byte[] addr = parseAddress(p);
        if (addr == null) {
            w.accept(prefix + "bad address pattern: \"" + pattern + "\": skipping this rule");
            return null;
        }
        int max = addr.length * 8;
        int bits = max;
        if (lenText != null) {
            if (lenText.isEmpty() || !lenText.chars().allMatch(c -> c >= '0' && c <= '9')) {
                w.accept(prefix + "bad mask value in \"" + pattern + "\": skipping this rule");
                return null;
            }
            if (lenText.length() > 3 || Integer.parseInt(lenText) > max) {
                w.accept(prefix + "bad mask length in \"" + pattern + "\": skipping this rule");
                return null;
            }
            bits = Integer.parseInt(lenText);
        }
        byte[] net = Arrays.copyOf(addr, addr.length);
        mask(net, bits);
        if (!Arrays.equals(net, addr)) {
            w.accept(prefix + "non-null host address bits in \"" + pattern + "\", perhaps you should use \""
                    + format(net) + "/" + bits + "\" instead: skipping this rule");
            return null;
        }
        return new Block(net, bits);
    }

    private static void mask(byte[] a, int bits) {
        for (int i = 0; i < a.length; i++) {
            int keep = Math.max(0, Math.min(8, bits - i * 8));
            a[i] &= (byte) (0xff << (8 - keep));
        }
    }

    static boolean prefixEquals(byte[] a, byte[] net, int bits) {
        int full = bits / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != net[i]) {
                return false;
            }
        }
        int rem = bits % 8;
        if (rem == 0) {
            return true;
        }
        int m = 0xff << (8 - rem) & 0xff;
        return (a[full] & m) == (net[full] & m);
    }

    /** A bare IPv4 (strict dotted quad, no leading zeros) or IPv6 address, or null. */
    static byte[] parseAddress(String s) {
        if (s.indexOf(':') >= 0) {
            return parseV6(s);
        }
        return parseV4(s);
    }

    static byte[] parseV4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || p.length() > 1 && p.charAt(0) == '0') {
                return null;
            }
            int v = 0;
            for (char c : p.toCharArray()) {
                if (c < '0' || c > '9') {
                    return null;
                }
                v = v * 10 + c - '0';
            }
            if (v > 255) {
                return null;
            }
            out[i] = (byte) v;
        }
        return out;
    }

    static byte[] parseV6(String s) {
        byte[] out = new byte[16];
        int dbl = s.indexOf("::");
        if (dbl >= 0 && s.indexOf("::", dbl + 1) >= 0) {
            return null;
        }
        String head = dbl >= 0 ? s.substring(0, dbl) : s;
        String tail = dbl >= 0 ? s.substring(dbl + 2) : "";
        int[] h = groups(head);
        int[] t = groups(tail);
        if (h == null || t == null) {
            return null;
        }
        int total = h.length + t.length;
        if (dbl < 0 ? total != 8 : total > 7) {
            return null;
        }
        for (int i = 0; i < h.length; i++) {
            out[2 * i] = (byte) (h[i] >> 8);
            out[2 * i + 1] = (byte) h[i];
        }
        for (int i = 0; i < t.length; i++) {
            int at = 8 - t.length + i;
            out[2 * at] = (byte) (t[i] >> 8);
            out[2 * at + 1] = (byte) t[i];
        }
        return out;
    }

    /** 16-bit groups of one side of "::"; a trailing dotted quad counts as two groups. */
    private static int[] groups(String s) {
        if (s.isEmpty()) {
            return new int[0];
        }
        String[] parts = s.split(":", -1);
        int extra = parts[parts.length - 1].indexOf('.') >= 0 ? 1 : 0;
        int[] out = new int[parts.length + extra];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (i == parts.length - 1 && extra == 1) {
                byte[] v4 = parseV4(p);
                if (v4 == null) {
                    return null;
                }
                out[i] = (v4[0] & 0xff) << 8 | v4[1] & 0xff;
                out[i + 1] = (v4[2] & 0xff) << 8 | v4[3] & 0xff;
                continue;
            }
            if (p.isEmpty() || p.length() > 4) {
                return null;
            }
            int v = 0;
            for (char c : p.toCharArray()) {
                int d = Character.digit(c, 16);
                if (d < 0) {
                    return null;
                }
                v = v * 16 + d;
            }
            out[i] = v;
        }
        return out;
    }

    static String format(byte[] a) {
        return InetText.format(a);
    }
}
