package dev.mailroom.smtp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

final class XtextTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "user@example.org        | user@example.org",
        "a+b@example.org         | a+2Bb@example.org",
        "a=b                     | a+3Db",
        "'\"john doe\"@example.org' | \"john+20doe\"@example.org",
        "~!#$%&'*,-./:;<>?@[\\]^_`{} | ~!#$%&'*,-./:;<>?@[\\]^_`{}",
        "QQ7XY-0001              | QQ7XY-0001"})
    void encode_escapesPlusEqualsAndSpace_only(String text, String xtext) {
        assertEquals(xtext, Xtext.encode(text));
        assertEquals(text, Xtext.decode(xtext));
    }

    @Test
    void encode_everyPrintableAscii_roundTrips() {
        StringBuilder all = new StringBuilder();
        for (char c = 0x20; c < 0x7f; c++) {
            all.append(c);
        }
        String x = Xtext.encode(all.toString());
        assertTrue(x.chars().allMatch(c -> c >= '!' && c <= '~' && c != '='), x);
        assertEquals(all.toString(), Xtext.decode(x));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\rb", "a\nb", "a\0b", "a\tb", "a\u007fb", "é", "\u010d\u010a", "用户"})
    void encode_refusesControlAndNonAscii(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Xtext.encode(text));
        assertTrue(e.getMessage().contains("at index"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a+", "a+2", "a+2b", "a+G0", "a=b", "a b", "a\rb", "é"})
    void decode_refusesMalformed(String xtext) {
        assertThrows(IllegalArgumentException.class, () -> Xtext.decode(xtext));
    }

    @Test
    void decode_hexMayGiveAnyOctet() {
        assertEquals("a\r\nb", Xtext.decode("a+0D+0Ab"));
    }
}
