package dev.mailroom.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

final class ReplyTest {

    @Test
    void enhancedStatus_isTakenFromFirstLine_whenClassMatchesCode() {
        Reply r = Reply.of(550, "5.1.1 <nobody@example.org>: Recipient address rejected");
        assertEquals(Optional.of(new EnhancedStatus(5, 1, 1)), r.enhancedStatus());
        assertEquals("<nobody@example.org>: Recipient address rejected", r.text());
        assertTrue(r.isPermanentFailure());
    }

    @Test
    void enhancedStatus_isAbsent_whenClassDiffersOrMissing() {
        assertEquals(Optional.empty(), Reply.of(550, "4.1.1 wrong class").enhancedStatus());
        assertEquals(Optional.empty(), Reply.of(250, "mx.example.org").enhancedStatus());
        assertEquals(Optional.empty(), Reply.of(354, "End data with <CR><LF>.<CR><LF>").enhancedStatus());
        assertEquals(Optional.empty(), Reply.of(250, "2.0.0x not a status").enhancedStatus());
        assertEquals("4.1.1 wrong class", Reply.of(550, "4.1.1 wrong class").text());
    }

    @Test
    void enhancedStatus_alone_givesEmptyText() {
        Reply r = Reply.of(250, "2.0.0");
        assertEquals(Optional.of(new EnhancedStatus(2, 0, 0)), r.enhancedStatus());
        assertEquals("", r.text());
    }

    @Test
    void multiline_text_stripsRepeatedStatus_andJoinsWithSpace() {
        Reply r = Reply.of(450, "4.2.0 first part", "4.2.0 second part", "third part");
        assertEquals("first part second part third part", r.text());
        assertEquals(List.of("4.2.0 first part", "4.2.0 second part", "third part"), r.lines());
        assertEquals("450-4.2.0 first part\n450-4.2.0 second part\n450 third part", r.toString());
    }

    @Test
    void queuedAs_textIsKept() {
        Reply r = Reply.of(250, "2.0.0 Ok: queued as 4Bz9Yk0Qzkz9sW");
        assertEquals("Ok: queued as 4Bz9Yk0Qzkz9sW", r.text());
        assertTrue(r.isPositive());
    }

    @Test
    void classPredicates() {
        assertTrue(Reply.of(220, "ready").isPositive());
        assertTrue(Reply.of(354, "go").isIntermediate());
        assertTrue(Reply.of(421, "bye").isTransientFailure());
        assertTrue(Reply.of(554, "no").isPermanentFailure());
        assertFalse(Reply.of(554, "no").isPositive());
    }

    @Test
    void of_rejectsBadCodes_noLines_andLineBreaks() {
        assertThrows(IllegalArgumentException.class, () -> Reply.of(199, "x"));
        assertThrows(IllegalArgumentException.class, () -> Reply.of(600, "x"));
        assertThrows(IllegalArgumentException.class, () -> Reply.of(260, "x"));
        assertThrows(IllegalArgumentException.class, () -> Reply.of(250, List.of()));
        assertThrows(IllegalArgumentException.class, () -> Reply.of(250, "a\r\n250 b"));
        assertThrows(IllegalArgumentException.class, () -> Reply.of(250, "a\nb"));
        assertThrows(IllegalArgumentException.class, () -> Reply.of(250, "a\0"));
        assertThrows(NullPointerException.class, () -> Reply.of(250, (String) null));
    }

    @Test
    void equality_isCodeAndLines() {
        assertEquals(Reply.of(250, "a", "b"), Reply.of(250, List.of("a", "b")));
        assertEquals(Reply.of(250, "a", "b").hashCode(), Reply.of(250, List.of("a", "b")).hashCode());
        assertNotEquals(Reply.of(250, "a"), Reply.of(251, "a"));
        assertNotEquals(Reply.of(250, "a"), Reply.of(250, "a", ""));
    }

    @Test
    void toString_escapesControlCharacters() {
        assertEquals("250 a\\u0001b", Reply.of(250, "a\u0001b").toString());
    }
}
