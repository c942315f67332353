package dev.mailroom.table.internal;

import java.util.Locale;

/** Postfix's key case folding for fixed-key tables (FOLD_FIX). */
public final class KeyFolding {

    private KeyFolding() {
    }

    /**
     * Folds a key. ASCII keys without upper case letters are returned as they are (no
     * allocation). In UTF-8 mode non-ASCII text gets full case folding (e.g. {@code ß} and
     * {@code ẞ} fold to {@code ss}, as Postfix's ICU-based {@code casefold} does); otherwise
     * only ASCII letters are folded.
     *
     * @param key the key
     * @param utf8 whether UTF-8 mode is on
     * @return the folded key
     */
    public static String fold(String key, boolean utf8) {
        int n = key.length();
        int i = 0;
        boolean nonAscii = false;
        boolean upper = false;
        for (; i < n; i++) {
            char c = key.charAt(i);
            if (c >= 0x80) {
                nonAscii = true;
                break;
            }
            if (c >= 'A' && c <= 'Z') {
                upper = true;
            }
        }
        if (!nonAscii) {
            return upper ? asciiLower(key) : key;
        }
        if (!utf8) {
            return asciiLower(key);
        }
        // lower(upper(lower(s))) approximates Unicode full case folding closely enough for
        // keys: it maps ß/ẞ to ss, final sigma to sigma and ligatures to their letters.
        return key.toLowerCase(Locale.ROOT).toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
    }

    static String asciiLower(String s) {
        char[] cs = s.toCharArray();
        for (int i = 0; i < cs.length; i++) {
            char c = cs[i];
            if (c >= 'A' && c <= 'Z') {
                cs[i] = (char) (c + 32);
            }
        }
        return new String(cs);
    }
}
