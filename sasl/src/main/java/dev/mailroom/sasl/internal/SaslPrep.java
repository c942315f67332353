package dev.mailroom.sasl.internal;

import java.text.Normalizer;
import java.util.Optional;

/**
 * SASLprep (RFC 4013), the stringprep profile (RFC 3454) for user names and passwords, as a
 * "query" (unassigned code points allowed, RFC 3454 section 7). Steps: map (B.1 to nothing,
 * C.1.2 non-ASCII spaces to SPACE), normalize with NFKC, refuse the prohibited tables (C.1.2,
 * C.2.1, C.2.2, C.3, C.4, C.5, C.6, C.7, C.8, C.9), and apply the bidi rule (section 6).
 *
 * <p>Normalization and bidi categories come from the running JDK's Unicode tables, which are
 * newer than stringprep's Unicode 3.2; this only matters for code points assigned since.
 */
public final class SaslPrep {

    private SaslPrep() {
    }

    /**
     * @param in the string (e.g. a password)
     * @return the prepared string as a fresh array, or empty when a prohibited character or a
     *         bidi violation was found; the message of the failure is left to the caller, who
     *         must not quote the input. The caller clears the returned array.
     */
    public static Optional<char[]> prepare(char[] in) {
        StringBuilder mapped = new StringBuilder(in.length);
        for (int i = 0; i < in.length; ) {
            int cp = Character.codePointAt(in, i);
            i += Character.charCount(cp);
            if (mappedToNothing(cp)) {
                continue;
            }
            if (nonAsciiSpace(cp)) {
                mapped.append(' ');
            } else {
                mapped.appendCodePoint(cp);
            }
        }
        String normalized = Normalizer.normalize(mapped, Normalizer.Form.NFKC);
        wipe(mapped);
        boolean hasRandAL = false;
        boolean hasL = false;
        int first = -1;
        int last = -1;
        for (int i = 0; i < normalized.length(); ) {
            int cp = normalized.codePointAt(i);
            if (Character.isSurrogate(normalized.charAt(i)) && Character.charCount(cp) == 1) {
                return Optional.empty(); // C.5: a lone surrogate
            }
            i += Character.charCount(cp);
            if (prohibited(cp)) {
                return Optional.empty();
            }
            byte dir = Character.getDirectionality(cp);
            boolean randAL = dir == Character.DIRECTIONALITY_RIGHT_TO_LEFT
                    || dir == Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC;
            if (first < 0) {
                first = randAL ? 1 : 0;
            }
            last = randAL ? 1 : 0;
            hasRandAL |= randAL;
            hasL |= dir == Character.DIRECTIONALITY_LEFT_TO_RIGHT;
        }
        if (hasRandAL && (hasL || first != 1 || last != 1)) {
            return Optional.empty();
        }
        return Optional.of(normalized.toCharArray());
    }

    private static void wipe(StringBuilder sb) {
        for (int i = 0; i < sb.length(); i++) {
            sb.setCharAt(i, '\0');
        }
    }

    /** RFC 3454 table B.1. */
    static boolean mappedToNothing(int cp) {
        return cp == 0x00AD || cp == 0x034F || cp == 0x1806 || (cp >= 0x180B && cp <= 0x180D)
                || (cp >= 0x200B && cp <= 0x200D) || cp == 0x2060 || (cp >= 0xFE00 && cp <= 0xFE0F)
                || cp == 0xFEFF;
    }

    /** RFC 3454 table C.1.2. */
    static boolean nonAsciiSpace(int cp) {
        return cp == 0x00A0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x202F
                || cp == 0x205F || cp == 0x3000;
    }

    /** RFC 4013 section 2.3: the prohibited tables. */
    static boolean prohibited(int cp) {
        return nonAsciiSpace(cp)
                // C.2.1 ASCII control
                || cp <= 0x1F || cp == 0x7F
                // C.2.2 non-ASCII control
                || (cp >= 0x80 && cp <= 0x9F) || cp == 0x06DD || cp == 0x070F || cp == 0x180E
                || cp == 0x200C || cp == 0x200D || cp == 0x2028 || cp == 0x2029
                || (cp >= 0x2060 && cp <= 0x2063) || (cp >= 0x206A && cp <= 0x206F) || cp == 0xFEFF
                || (cp >= 0xFFF9 && cp <= 0xFFFC) || (cp >= 0x1D173 && cp <= 0x1D17A)
                // C.3 private use
                || (cp >= 0xE000 && cp <= 0xF8FF) || (cp >= 0xF0000 && cp <= 0xFFFFD)
                || (cp >= 0x100000 && cp <= 0x10FFFD)
                // C.4 non-character code points
                || (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE
                // C.5 surrogate codes
                || (cp >= 0xD800 && cp <= 0xDFFF)
                // C.6 inappropriate for plain text
                || (cp >= 0xFFF9 && cp <= 0xFFFD)
                // C.7 inappropriate for canonical representation
                || (cp >= 0x2FF0 && cp <= 0x2FFB)
                // C.8 change display properties or deprecated
                || cp == 0x0340 || cp == 0x0341 || cp == 0x200E || cp == 0x200F
                || (cp >= 0x202A && cp <= 0x202E)
                // C.9 tagging characters
                || cp == 0xE0001 || (cp >= 0xE0020 && cp <= 0xE007F);
    }
}
