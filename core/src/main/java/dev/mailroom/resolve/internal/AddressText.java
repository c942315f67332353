package dev.mailroom.resolve.internal;

import dev.mailroom.address.MailAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Addresses in Postfix's internal form ({@code local@domain}, local part unquoted), kept as
 * strings: Postfix accepts forms {@link MailAddress} rightly refuses on the wire (local parts
 * over 64 octets, routing operators), and the resolver must give Postfix's answer for them.
 */
final class AddressText {

    private AddressText() {
    }

    static int at(String addr) {
        return addr.lastIndexOf('@');
    }

    static String local(String addr) {
        int at = at(addr);
        return at < 0 ? addr : addr.substring(0, at);
    }

    static String domain(String addr) {
        int at = at(addr);
        return at < 0 ? "" : addr.substring(at + 1);
    }

    /**
     * The hash of {@code s.substring(from)} (as {@link String#hashCode}), high bits folded into
     * the low ones, without building the substring: the slot key of the resolver's small
     * direct-mapped memories of domains.
     */
    static int tailHash(String s, int from) {
        int h = 0;
        for (int i = from, n = s.length(); i < n; i++) {
            h = 31 * h + s.charAt(i);
        }
        return h ^ (h >>> 16);
    }

    static String fold(String s) {
        return MailAddress.foldCase(s);
    }

    /**
     * The index of the delimiter that splits the extension off {@code local}, or -1: the same
     * rules as {@link MailAddress#splitExtension(String, boolean, String)}, on a plain string.
     */
    static int splitAt(String local, String delimiters, boolean ownerRequestSpecial, String doubleBounce) {
        return splitAt(local, local.length(), delimiters, ownerRequestSpecial, doubleBounce);
    }

    /** {@link #splitAt(String, String, boolean, String)} on the local part {@code s[0, end)}. */
    static int splitAt(String s, int end, String delimiters, boolean ownerRequestSpecial, String doubleBounce) {
        if (delimiters.isEmpty() || end == 0) {
            return -1;
        }
        int at = -1;
        if (delimiters.length() == 1) {
            int i = s.indexOf(delimiters.charAt(0));
            at = i < end ? i : -1;
        } else {
            for (int i = 0; i < end; i++) {
                if (delimiters.indexOf(s.charAt(i)) >= 0) {
                    at = i;
                    break;
                }
            }
        }
        if (at <= 0 || isWhole(s, end, "postmaster") || isWhole(s, end, "mailer-daemon")
                || isWhole(s, end, doubleBounce)) {
            return -1;
        }
        if (ownerRequestSpecial && delimiters.indexOf('-') >= 0) {
            if (end >= 6 && s.regionMatches(true, 0, "owner-", 0, 6)) {
                return -1;
            }
            int suffix = end - 8;
            if (suffix > 0 && s.regionMatches(true, suffix, "-request", 0, 8)) {
                return -1;
            }
        }
        return at;
    }

    private static boolean isWhole(String s, int end, String word) {
        return end == word.length() && s.regionMatches(true, 0, word, 0, end);
    }

    /** The local part as written in an address: quoted when it is not a dot-atom. */
    static String quoteLocal(String local) {
        if (isDotAtom(local)) {
            return local;
        }
        StringBuilder sb = new StringBuilder(local.length() + 2).append('"');
        for (int i = 0; i < local.length(); i++) {
            char c = local.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.append('"').toString();
    }

    /** Characters that end a dot-atom: controls, space, specials (and DEL is allowed). */
    private static final boolean[] NOT_ATOM = new boolean[128];

    /** Characters that make {@link #parseList} do more than return the text. */
    private static final boolean[] LIST_SYNTAX = new boolean[128];

    static {
        for (int c = 0; c <= ' '; c++) {
            NOT_ATOM[c] = true;
            LIST_SYNTAX[c] = true;
        }
        for (char c : "()<>[]:;@\\,\"".toCharArray()) {
            NOT_ATOM[c] = true;
        }
        for (char c : "\"(<>,\\".toCharArray()) {
            LIST_SYNTAX[c] = true;
        }
    }

    private static boolean isDotAtom(String s) {
        return isDotAtom(s, 0, s.length());
    }

    /** Whether {@code s[from, to)} is a dot-atom (empty counts as one, as Postfix quotes nothing then). */
    static boolean isDotAtom(String s, int from, int to) {
        if (from == to) {
            return true;
        }
        if (s.charAt(from) == '.' || s.charAt(to - 1) == '.') {
            return false;
        }
        char prev = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < 128 && NOT_ATOM[c] || c == '.' && prev == '.') {
                return false;
            }
            prev = c;
        }
        return true;
    }

    /**
     * Splits an RFC 822 address list (a table result, an alias value, a line of an include
     * file) into its members in internal form: commas separate outside quotes, angle brackets
     * and parentheses; comments are dropped; quotes are removed; {@code <addr>} gives addr.
     */
    static List<String> parseList(String text) {
        if (isPlain(text)) {
            List<String> one = new ArrayList<>(1);
            one.add(text);
            return one;
        }
        List<String> out = new ArrayList<>(2);
        StringBuilder cur = new StringBuilder();
        StringBuilder angle = null;
        boolean quoted = false;
        int depth = 0;
        boolean any = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            StringBuilder target = angle != null ? angle : cur;
            if (quoted) {
                if (c == '\\' && i + 1 < text.length()) {
                    target.append(text.charAt(++i));
                } else if (c == '"') {
                    quoted = false;
                } else {
                    target.append(c);
                }
                continue;
            }
            if (depth > 0) {
                if (c == '(') {
                    depth++;
                } else if (c == ')') {
                    depth--;
                } else if (c == '\\') {
                    i++;
                }
                continue;
            }
            switch (c) {
                case '"' -> {
                    quoted = true;
                    any = true;
                }
                case '(' -> depth = 1;
                case '<' -> angle = new StringBuilder();
                case '>' -> {
                    if (angle != null) {
                        cur.setLength(0);
                        cur.append(angle);
                        angle = null;
                        any = true;
                    }
                }
                case ',' -> {
                    if (angle != null) {
                        angle.append(c);
                    } else {
                        add(out, cur, any);
                        cur.setLength(0);
                        any = false;
                    }
                }
                case ' ', '\t', '\n', '\r' -> {
                    // white space between tokens is not part of an address
                }
                case '\\' -> {
                    if (i + 1 < text.length()) {
                        target.append('\\').append(text.charAt(++i));
                        any = true;
                    }
                }
                default -> {
                    target.append(c);
                    any = true;
                }
            }
        }
        if (angle != null) {
            cur.append(angle);
        }
        add(out, cur, any);
        return out;
    }

    /** A non-empty text without list syntax, white space or controls: one address as it is. */
    private static boolean isPlain(String text) {
        int n = text.length();
        if (n == 0) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c < 128 && LIST_SYNTAX[c]) {
                return false;
            }
        }
        return true;
    }

    private static void add(List<String> out, StringBuilder cur, boolean any) {
        if (any) {
            out.add(cur.toString());
        }
    }
}
