package dev.mailroom.sasl.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

final class SaslPrepTest {

    private static Optional<String> prep(String s) {
        return SaslPrep.prepare(s.toCharArray()).map(String::new);
    }

    @Test
    void rfc4013Examples_mapNormalizeAndProhibit() {
        // RFC 4013 section 3
        assertEquals(Optional.of("IX"), prep("I\u00ADX"), "SOFT HYPHEN mapped to nothing");
        assertEquals(Optional.of("user"), prep("user"), "no transformation");
        assertEquals(Optional.of("USER"), prep("USER"), "case preserved");
        assertEquals(Optional.of("a"), prep("\u00AA"), "output is NFKC");
        assertEquals(Optional.of("IX"), prep("\u2168"), "output is NFKC");
        assertTrue(prep("\u0007").isEmpty(), "prohibited character");
        assertTrue(prep("\u0627\u0031").isEmpty(), "bidi check");
    }

    @Test
    void nonAsciiSpace_mapsToSpace_andZeroWidthToNothing() {
        assertEquals(Optional.of("a b"), prep("a\u00A0b"));
        assertEquals(Optional.of("a b"), prep("a\u3000b"));
        assertEquals(Optional.of("ab"), prep("a\u200Bb"));
        assertEquals(Optional.of("ab"), prep("a\uFEFFb"));
    }

    @Test
    void prohibitedTables_areRefused() {
        for (String s : new String[] {"a\u007Fb", "a\u0085b", "a\uE000b", "a\uFDD0b", "a\uFFFEb", "\uD800",
            "a\u2FF0b", "a\u200Eb", "a\u202Eb", "x" + new String(Character.toChars(0xE0041)),
            "x" + new String(Character.toChars(0xF0000)), "a\u2028b"}) {
            assertTrue(prep(s).isEmpty(), () -> "should be prohibited: " + s.codePoints().mapToObj(Integer::toHexString).toList());
        }
    }

    @Test
    void bidi_rightToLeftOnly_isAccepted_butMixedWithLeftToRight_isNot() {
        assertEquals(Optional.of("\u0627\u0628"), prep("\u0627\u0628"));
        assertEquals(Optional.of("\u0627\u0031\u0628"), prep("\u0627\u0031\u0628"));
        assertTrue(prep("\u0627a\u0628").isEmpty());
    }

    @Test
    void unassignedCodePoints_areAllowed_asAQuery() {
        assertEquals(Optional.of("a\u0378"), prep("a\u0378"));
    }
}
