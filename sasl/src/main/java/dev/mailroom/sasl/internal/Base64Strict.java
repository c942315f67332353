package dev.mailroom.sasl.internal;

import java.util.Base64;
import java.util.Optional;

/** Canonical base64 (RFC 4648 section 4) decoding that refuses anything else. */
public final class Base64Strict {

    private Base64Strict() {
    }

    /**
     * @param text the text
     * @return the bytes, or empty when the text is not canonical base64
     */
    public static Optional<byte[]> decode(String text) {
        int n = text.length();
        if (n % 4 != 0) {
            return Optional.empty();
        }
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '+' || c == '/' || (c == '=' && i >= n - 2);
            if (!ok) {
                return Optional.empty();
            }
        }
        if (n >= 2 && text.charAt(n - 2) == '=' && text.charAt(n - 1) != '=') {
            return Optional.empty();
        }
        byte[] out;
        try {
            out = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        // canonical: re-encoding gives the same text (rejects non-zero trailing bits)
        if (!Base64.getEncoder().encodeToString(out).equals(text)) {
            return Optional.empty();
        }
        return Optional.of(out);
    }
}
