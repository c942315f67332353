package dev.mailroom.mailbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

final class FromLineTest {

    @Test
    void parse_postfixTwoSpacesAsctime() {
        FromLine f = FromLine.parse("From sender@example.test  Sat Nov 21 20:49:20 2026");
        assertEquals("sender@example.test", f.sender());
        assertEquals(Optional.of(LocalDateTime.of(2026, 11, 21, 20, 49, 20)), f.date());
        assertEquals(Optional.empty(), f.offset());
        assertEquals("Sat Nov 21 20:49:20 2026", f.dateText());
    }

    @Test
    void parse_spacePaddedDay_dovecotLocalTime() {
        FromLine f = FromLine.parse("From alice@example.test  Sun Nov  1 03:04:05 2026\n");
        assertEquals(Optional.of(LocalDateTime.of(2026, 11, 1, 3, 4, 5)), f.date());
    }

    @Test
    void parse_gmailTakeout_zoneBeforeYear() {
        FromLine f = FromLine.parse("From 1524089472432468776@xxx Sat Jan 02 22:26:51 +0000 2016");
        assertEquals("1524089472432468776@xxx", f.sender());
        assertEquals(Optional.of(LocalDateTime.of(2016, 1, 2, 22, 26, 51)), f.date());
        assertEquals(Optional.of(ZoneOffset.UTC), f.offset());
        assertEquals(Optional.of(Instant.parse("2016-01-02T22:26:51Z")), f.instant(ZoneId.of("Europe/Paris")));
    }

    @Test
    void parse_zoneAfterYear() {
        FromLine f = FromLine.parse("From bob@example.test Tue Jun 21 10:11:12 1994 -0700");
        assertEquals(Optional.of(ZoneOffset.ofHours(-7)), f.offset());
    }

    @Test
    void parse_remoteFrom_withoutSeconds_namedZone() {
        FromLine f = FromLine.parse("From user Wed Dec  2 05:53 PST 1992 remote from uunet");
        assertEquals("user", f.sender());
        assertEquals("uunet", f.remoteFrom());
        assertEquals(Optional.of(LocalDateTime.of(1992, 12, 2, 5, 53, 0)), f.date());
    }

    @Test
    void parse_thunderbirdDash_meansNoSender() {
        FromLine f = FromLine.parse("From - Sat Nov 21 20:49:20 2026");
        assertFalse(f.hasSender());
        assertTrue(f.date().isPresent());
    }

    @Test
    void parse_missingSender() {
        FromLine f = FromLine.parse("From  Sat Nov 21 20:49:20 2026");
        assertEquals("", f.sender());
        assertTrue(f.date().isPresent());
    }

    @Test
    void parse_mailerDaemonKeptAsWritten() {
        assertEquals("MAILER-DAEMON", FromLine.parse("From MAILER-DAEMON  Sat Nov 21 20:49:20 2026").sender());
    }

    @Test
    void parse_garbageDate_keepsTextWithoutValue() {
        FromLine f = FromLine.parse("From x@y whenever \u0000\u00ff");
        assertEquals("x@y", f.sender());
        assertEquals(Optional.empty(), f.date());
    }

    @Test
    void parse_impossibleDate_noValueNoException() {
        FromLine f = FromLine.parse("From x@y Sat Feb 31 25:61:00 2026");
        assertEquals(Optional.empty(), f.date());
    }

    @Test
    void parse_rejectsNonFromLine_tryParseEmpty() {
        assertThrows(IllegalArgumentException.class, () -> FromLine.parse(">From x"));
        assertEquals(Optional.empty(), FromLine.tryParse("Subject: x"));
    }

    @Test
    void format_isPostfixLocalForm_nullSenderAsMailerDaemon() {
        Instant t = Instant.parse("2026-11-01T20:49:20Z");
        assertEquals("From sender@example.test  Sun Nov  1 20:49:20 2026",
                FromLine.format("sender@example.test", t, ZoneOffset.UTC));
        assertEquals("From MAILER-DAEMON  Sun Nov  1 21:49:20 2026",
                FromLine.format("", t, ZoneId.of("Europe/Paris")));
    }

    @Test
    void parse_asctimeLines_senderStrippedLineEndsRemoved_oddSendersToTheGeneralParser() {
        FromLine crlf = FromLine.parse("From \t a@x \t Sat Nov 21 20:49:20 2026\r\n");
        assertEquals("a@x", crlf.sender());
        assertEquals("Sat Nov 21 20:49:20 2026", crlf.dateText());
        assertEquals(Optional.of(LocalDateTime.of(2026, 11, 21, 20, 49, 20)), crlf.date());
        assertEquals("", FromLine.parse("From - Sat Nov 21 20:49:20 2026").sender());
        assertEquals("", FromLine.parse("From  Sat Nov 21 20:49:20 2026\n").sender());
        assertEquals("-x", FromLine.parse("From -x Sat Nov 21 20:49:20 2026").sender());
        FromLine twoWords = FromLine.parse("From a@x b Sat Nov 21 20:49:20 2026");
        assertEquals(Optional.of(LocalDateTime.of(2026, 11, 21, 20, 49, 20)), twoWords.date());
        assertEquals("a@x b", twoWords.sender());
        // not a day or month name at the fixed places: no date from the fast path
        assertEquals(Optional.empty(), FromLine.parse("From a@x  Xyz Nov 21 20:49:20 2026").date());
        assertEquals(Optional.empty(), FromLine.parse("From a@x  Sat Nvo 21 20:49:20 2026").date());
        assertEquals(Optional.of(LocalDateTime.of(2026, 12, 31, 23, 59, 59)),
                FromLine.parse("From a@x  Thu Dec 31 23:59:60 2026").date());
        assertEquals(Optional.empty(), FromLine.parse("From a@x  Sat Feb 31 20:49:20 2026").date());
    }

    @Test
    void parse_fastPathAgreesWithTheGeneralParser_onRandomAsctimeLines() {
        java.util.Random rnd = new java.util.Random(5);
        String[] senders = {"a@x", "MAILER-DAEMON", "-", "", "b@\u00e9x", "\ud83d\ude00@x", " a@x ", "a@x\t",
            "a b", "\u2003c@x"};
        String[] days = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun", "Xyz", "sat", "S\u00e0t"};
        String[] months = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Nvo",
            "\ud83d\ude00"};
        String[] twos = {"01", " 1", "1 ", "  ", "09", "10", "23", "24", "29", "30", "31", "32", "59", "60", "61",
            "0x", "\u0661\u0662"};
        // (minutes and seconds padded with a space are read by the fast path only, as before)
        String[] sixty = {"00", "09", "10", "59", "60", "61", "0x"};
        String[] years = {"2026", "1999", "2024", "1970", "9999", "20x6", "2o26"};
        for (int k = 0; k < 20_000; k++) {
            String line = "From " + senders[rnd.nextInt(senders.length)] + (rnd.nextBoolean() ? "  " : " ")
                    + days[rnd.nextInt(days.length)] + " " + months[rnd.nextInt(months.length)] + " "
                    + twos[rnd.nextInt(twos.length)] + " " + twos[rnd.nextInt(twos.length)] + ":"
                    + sixty[rnd.nextInt(sixty.length)] + ":" + sixty[rnd.nextInt(sixty.length)] + " "
                    + years[rnd.nextInt(years.length)] + (rnd.nextInt(4) == 0 ? "\r\n" : "");
            assertSameParse(FromLine.tryParseGeneral(line).orElseThrow(), FromLine.tryParse(line).orElseThrow());
            byte[] bytes = line.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            byte[] framed = new byte[bytes.length + 6];
            System.arraycopy(bytes, 0, framed, 3, bytes.length);
            assertSameParse(FromLine.tryParse(line).orElseThrow(), FromLine.parse(framed, 3, bytes.length));
        }
    }

    /** Asserts that two parses agree on every part (equality compares the lines only). */
    static void assertSameParse(FromLine expected, FromLine actual) {
        String what = expected.line();
        assertEquals(expected.line(), actual.line(), what);
        assertEquals(expected.sender(), actual.sender(), what);
        assertEquals(expected.dateText(), actual.dateText(), what);
        assertEquals(expected.date(), actual.date(), what);
        assertEquals(expected.offset(), actual.offset(), what);
        assertEquals(expected.remoteFrom(), actual.remoteFrom(), what);
    }

    @Test
    void parseBytes_decodesUtf8_stripsTheLineEnd_andRejectsOtherLines() {
        byte[] b = "xxFrom \u00e9l\u00e8ve@x  Sat Nov 21 20:49:20 2026\r\nyy".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        FromLine f = FromLine.parse(b, 2, b.length - 4);
        assertEquals("From \u00e9l\u00e8ve@x  Sat Nov 21 20:49:20 2026", f.line());
        assertEquals("\u00e9l\u00e8ve@x", f.sender());
        assertEquals(Optional.of(java.time.LocalDateTime.of(2026, 11, 21, 20, 49, 20)), f.date());
        assertEquals(FromLine.parse(f.line()), f);
        byte[] subject = "Subject: x".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertThrows(IllegalArgumentException.class, () -> FromLine.parse(subject, 0, subject.length));
        assertThrows(IndexOutOfBoundsException.class, () -> FromLine.parse(subject, 5, subject.length));
    }

    @Test
    void equality_isTheLine_andTheDateIsMadeOnlyWhenAsked() {
        FromLine a = FromLine.parse("From a@x  Sat Nov 21 20:49:20 2026\n");
        FromLine b = FromLine.parse("From a@x  Sat Nov 21 20:49:20 2026");
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertEquals("From a@x  Sat Nov 21 20:49:20 2026", a.toString());
        assertNotEquals(a, FromLine.parse("From a@x Sat Nov 21 20:49:20 2026"));
        assertSame(a.date().orElseThrow(), a.date().orElseThrow());
        assertEquals(Optional.empty(), FromLine.parse("From a@x  Sat Feb 29 20:49:20 2026").date());
        assertEquals(Optional.of(java.time.LocalDateTime.of(2028, 2, 29, 23, 59, 59)),
                FromLine.parse("From a@x  Tue Feb 29 23:59:60 2028").date());
    }
}
