package dev.mailroom.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

final class EnhancedStatusTest {

    @ParameterizedTest
    @CsvSource({"2.0.0, 2, 0, 0, 2.0.0", "5.1.1, 5, 1, 1, 5.1.1", "4.7.1, 4, 7, 1, 4.7.1",
        "5.999.999, 5, 999, 999, 5.999.999", "4.04.007, 4, 4, 7, 4.4.7"})
    void parse_valid_givesComponents_andFormatsWithoutLeadingZeros(String text, int c, int s, int d, String formatted) {
        EnhancedStatus st = EnhancedStatus.parse(text);
        assertEquals(new EnhancedStatus(c, s, d), st);
        assertEquals(formatted, st.toString());
        assertEquals(st, EnhancedStatus.parse(st.toString()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "5", "5.1", "5.1.", "5..1", "3.1.1", "1.0.0", "6.0.0", "5.1000.1", "5.1.1000",
        "5.1.1 ", " 5.1.1", "5.1.1x", "5.a.1", "5,1,1", "5.1.1.1", "５.1.1"})
    void parse_invalid_throws_andTryParseIsEmpty(String text) {
        assertThrows(IllegalArgumentException.class, () -> EnhancedStatus.parse(text));
        assertEquals(Optional.empty(), EnhancedStatus.tryParse(text));
    }

    @Test
    void constructor_checksRanges() {
        assertThrows(IllegalArgumentException.class, () -> new EnhancedStatus(3, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new EnhancedStatus(5, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> new EnhancedStatus(5, 0, 1000));
    }

    @Test
    void classPredicates() {
        assertTrue(EnhancedStatus.parse("2.1.5").isSuccess());
        assertTrue(EnhancedStatus.parse("4.2.2").isTransient());
        assertTrue(EnhancedStatus.parse("5.7.1").isPermanent());
        assertFalse(EnhancedStatus.parse("5.7.1").isTransient());
    }

    @Test
    void parseMessage_escapesControlCharacters() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EnhancedStatus.parse("5.1.1\r\n"));
        assertTrue(e.getMessage().contains("5.1.1\\r\\n"), e.getMessage());
    }
}
