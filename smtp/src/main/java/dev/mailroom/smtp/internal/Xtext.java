package dev.mailroom.smtp.internal;

/**
 * xtext (RFC 3461 section 4), the encoding of the DSN parameters {@code ENVID} and
 * {@code ORCPT}: printable ASCII from {@code !} to {@code ~} stands for itself, except
 * {@code +} and {@code =}, which (like every other octet) are written {@code +HH} with two
 * upper-case hexadecimal digits.
 */
public final class Xtext {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Xtext() {
    }

    /**
     * Encodes text. The input must be US-ASCII without control characters: RFC 3461 defines
     * ENVID and the rfc822 ORCPT address as printable ASCII, and a control character would
     * come back out of the receiver's decoder into its DSN.
     *
     * @param text the text to encode
     * @return the xtext
     * @throws IllegalArgumentException when {@code text} holds a non-ASCII or control
     *     character (the message gives its index)
     */
    public static String encode(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c > 0x7e || c < 0x20) {
                throw new IllegalArgumentException(String.format(
                        "xtext input must be printable US-ASCII: U+%04X at index %d", (int) c, i));
            }
            if (c >= '!' && c != '+' && c != '=') {
                sb.append(c);
            } else {
                sb.append('+').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return sb.toString();
    }

    /**
     * Decodes xtext.
     *
     * @param xtext the encoded text
     * @return the decoded text (each {@code +HH} becomes the character U+00HH)
     * @throws IllegalArgumentException when {@code xtext} holds a character outside {@code !}
     *     to {@code ~}, a raw {@code =}, or a {@code +} not followed by two upper-case
     *     hexadecimal digits (the message gives the index)
     */
    public static String decode(String xtext) {
        StringBuilder sb = new StringBuilder(xtext.length());
        for (int i = 0; i < xtext.length(); i++) {
            char c = xtext.charAt(i);
            if (c == '+') {
                if (i + 2 >= xtext.length()) {
                    throw new IllegalArgumentException("xtext: '+' without two hex digits at index " + i);
                }
                int hi = hex(xtext.charAt(i + 1));
                int lo = hex(xtext.charAt(i + 2));
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("xtext: '+' without two upper-case hex digits at index " + i);
                }
                sb.append((char) (hi << 4 | lo));
                i += 2;
            } else if (c < '!' || c > '~' || c == '=') {
                throw new IllegalArgumentException(String.format("xtext: character U+%04X not allowed at index %d",
                        (int) c, i));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
