package dev.mailroom.table.internal;

import java.nio.charset.StandardCharsets;

/** Converts between Java strings and "byte strings" (one char per UTF-8 byte). */
final class Bytes {

    private Bytes() {
    }

    /** The UTF-8 bytes of {@code s}, one char each; ASCII strings are returned as they are. */
    static String toBytes(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
            }
        }
        return s;
    }

    /** The inverse of {@link #toBytes}; bytes that are not valid UTF-8 become U+FFFD. */
    static String fromBytes(String b) {
        for (int i = 0; i < b.length(); i++) {
            if (b.charAt(i) >= 0x80) {
                return new String(b.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
            }
        }
        return b;
    }
}
