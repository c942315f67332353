package dev.mailroom.table.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

final class PosixRegexLiteralTest {

    private static String literal(String pattern) throws PosixRegex.SyntaxError {
        return PosixRegex.compile(pattern, true, true, false).requiredLiteral();
    }

    @Test
    void literalInsideAGroupThatMatchesOnce_isRequired() throws PosixRegex.SyntaxError {
        assertEquals("@mail1.org", literal("^(.*)\\.(.*@mail1\\.org)$"));
        assertEquals("@example.com", literal("^(.*)@(example\\.com)$"));
        assertEquals("user@example", literal("^(us(er))@(example)"));
    }

    @Test
    void groupsThatMayNotMatch_orMatchOneOfSeveral_giveNoLiteral() throws PosixRegex.SyntaxError {
        assertEquals("def", literal("^(abc)?def"));
        assertEquals("xyz", literal("(abc)*xyz"));
        assertEquals("efg", literal("^(a|bcd)efg$"));
        assertNull(literal("^(abc|abd)$"));
        assertNull(literal("^(abcdef){0,1}$"));
    }

    @Test
    void aGroupedLiteral_stillMatchesWithoutCase_andStillRejects() throws PosixRegex.SyntaxError {
        PosixRegex re = PosixRegex.compile("^(.*)\\.(.*@mail1\\.org)$", true, true, false);
        assertArrayEquals(new int[] {0, 3, 4, 15}, re.match("a.b.c@MAIL1.Org"));
        assertNull(re.match("a.b.c@mail2.org"));
        assertNull(re.match("abc@mail1.org"));
    }
}
