package dev.mailroom.table.internal;

import java.util.ArrayList;
import java.util.List;

/** Postfix's brace helpers for {@code {...}} specs: outer-brace stripping and element splitting. */
final class BraceSyntax {

    private BraceSyntax() {
    }

    /**
     * Strips one pair of outer braces and the blanks inside them, or returns null when the text
     * (after trimming) is not one balanced {@code {...}} group.
     */
    static String stripBraces(String text) {
        String t = trim(text);
        if (t.length() < 2 || t.charAt(0) != '{') {
            return null;
        }
        int depth = 0;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
                if (depth == 0 && i != t.length() - 1) {
                    return null;
                }
            }
        }
        if (depth != 0 || t.charAt(t.length() - 1) != '}') {
            return null;
        }
        return trim(t.substring(1, t.length() - 1));
    }

    /** Splits on commas and white space outside braces; braces nest. */
    static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        int n = text.length();
        int i = 0;
        while (i < n) {
            while (i < n && isSep(text.charAt(i))) {
                i++;
            }
            if (i >= n) {
                break;
            }
            int start = i;
            int depth = 0;
            while (i < n) {
                char c = text.charAt(i);
                if (c == '{') {
                    depth++;
                } else if (c == '}') {
                    depth--;
                } else if (depth <= 0 && isSep(c)) {
                    break;
                }
                i++;
            }
            out.add(text.substring(start, i));
        }
        return out;
    }

    private static boolean isSep(char c) {
        return c == ',' || SourceParser.isSpace(c);
    }

    static String trim(String s) {
        int b = 0;
        int e = s.length();
        while (b < e && SourceParser.isSpace(s.charAt(b))) {
            b++;
        }
        while (e > b && SourceParser.isSpace(s.charAt(e - 1))) {
            e--;
        }
        return s.substring(b, e);
    }
}
