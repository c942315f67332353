package dev.mailroom.smtp.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailroom.address.MailAddress;
import dev.mailroom.smtp.BodyType;
import dev.mailroom.smtp.DsnNotify;
import dev.mailroom.smtp.DsnReturn;
import dev.mailroom.smtp.UnsafeCommandException;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class SmtpCommandsTest {

    private static String ascii(byte[] b) {
        return new String(b, StandardCharsets.US_ASCII);
    }

    private static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /** The one property every command has: a single line, CRLF only at its end, no other control octet. */
    private static void assertOneCleanLine(byte[] b) {
        assertTrue(b.length >= 2 && b[b.length - 2] == '\r' && b[b.length - 1] == '\n', "ends with CRLF");
        for (int i = 0; i < b.length - 2; i++) {
            int o = b[i] & 0xff;
            assertFalse(o < 0x20 || o == 0x7f, "control octet at " + i);
        }
    }

    @Test
    void fixedCommands() {
        assertEquals("DATA\r\n", ascii(SmtpCommands.DATA));
        assertEquals("RSET\r\n", ascii(SmtpCommands.RSET));
        assertEquals("NOOP\r\n", ascii(SmtpCommands.NOOP));
        assertEquals("QUIT\r\n", ascii(SmtpCommands.QUIT));
        assertEquals("STARTTLS\r\n", ascii(SmtpCommands.STARTTLS));
        assertEquals("BDAT 0 LAST\r\n", ascii(SmtpCommands.bdat(0, true)));
        assertEquals("BDAT 65536\r\n", ascii(SmtpCommands.bdat(65536, false)));
        assertThrows(IllegalArgumentException.class, () -> SmtpCommands.bdat(-1, true));
    }

    @Test
    void hello_commands() {
        assertEquals("EHLO client.example.org\r\n", ascii(SmtpCommands.ehlo("client.example.org")));
        assertEquals("HELO client.example.org\r\n", ascii(SmtpCommands.helo("client.example.org")));
        assertEquals("LHLO [192.0.2.1]\r\n", ascii(SmtpCommands.lhlo("[192.0.2.1]")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a b", "host\r\nMAIL FROM:<x@y>", "host\n", "host\0", "host\t", "hôst.example",
        "host\u010d\u010a"})
    void hello_refusesUnsafeNames(String name) {
        UnsafeCommandException e = assertThrows(UnsafeCommandException.class, () -> SmtpCommands.ehlo(name));
        assertEquals("EHLO name", e.field());
    }

    @Test
    void hello_refusesOverLongName() {
        SmtpCommands.ehlo("a".repeat(255));
        assertThrows(UnsafeCommandException.class, () -> SmtpCommands.ehlo("a".repeat(256)));
    }

    @Test
    void mailFrom_plain_andNullSender() {
        assertEquals("MAIL FROM:<alice@example.org>\r\n",
                ascii(SmtpCommands.mailFrom(MailAddress.parse("alice@example.org"), MailParameters.NONE, false)));
        assertEquals("MAIL FROM:<>\r\n",
                ascii(SmtpCommands.mailFrom(MailAddress.nullSender(), MailParameters.NONE, false)));
        assertEquals("MAIL FROM:<\"john doe\"@example.org>\r\n",
                ascii(SmtpCommands.mailFrom(MailAddress.parse("\"john doe\"@example.org"), MailParameters.NONE, false)));
    }

    @Test
    void mailFrom_allParameters() {
        MailParameters p = new MailParameters(4096, BodyType.EIGHT_BIT_MIME, true, DsnReturn.HEADERS, "QQ+=id 1");
        byte[] b = SmtpCommands.mailFrom(MailAddress.parse("jörg@bücher.example"), p, true);
        assertEquals("MAIL FROM:<jörg@bücher.example> SIZE=4096 BODY=8BITMIME SMTPUTF8 RET=HDRS ENVID=QQ+2B+3Did+201\r\n",
                utf8(b));
        assertOneCleanLine(b);
        assertEquals("MAIL FROM:<a@b.example> BODY=7BIT RET=FULL\r\n", ascii(SmtpCommands.mailFrom(
                MailAddress.parse("a@b.example"), new MailParameters(-1, BodyType.SEVEN_BIT, false, DsnReturn.FULL,
                        null), false)));
        assertEquals("MAIL FROM:<a@b.example> SIZE=0 BODY=BINARYMIME\r\n", ascii(SmtpCommands.mailFrom(
                MailAddress.parse("a@b.example"), new MailParameters(0, BodyType.BINARY_MIME, false, null, null),
                false)));
        assertThrows(IllegalArgumentException.class, () -> new MailParameters(-2, null, false, null, null));
    }

    @Test
    void withoutSmtpUtf8_domainGoesAsALabel_andUtf8LocalPartIsRefused() {
        assertEquals("MAIL FROM:<user@xn--bcher-kva.example>\r\n", ascii(SmtpCommands.mailFrom(
                MailAddress.parse("user@bücher.example"), MailParameters.NONE, false)));
        UnsafeCommandException e = assertThrows(UnsafeCommandException.class, () -> SmtpCommands.mailFrom(
                MailAddress.parse("jörg@example.org"), MailParameters.NONE, false));
        assertEquals("MAIL FROM address", e.field());
        assertTrue(e.getMessage().contains("not US-ASCII (SMTPUTF8 is not in use): U+00F6 at index 2"), e.getMessage());
        UnsafeCommandException r = assertThrows(UnsafeCommandException.class, () -> SmtpCommands.rcptTo(
                MailAddress.parse("用户@example.org"), RcptParameters.NONE, false));
        assertEquals("RCPT TO address", r.field());
    }

    /**
     * CVE-2025-7962: Angus Mail cast each char to a byte, so U+010D became 0x0D (CR) and U+010A
     * became 0x0A (LF) on the wire. Here such characters are either refused (ASCII) or become
     * multi-octet UTF-8 sequences with no control octet.
     */
    @ParameterizedTest
    @ValueSource(strings = {"\u010d\u010a", "\u560d\u560a", "\u0100", "\u0d0a", "\uff0d"})
    void cve2025_7962_charactersWhoseLowByteIsCrLf_neverBecomeCrLf(String evil) {
        assertThrows(UnsafeCommandException.class, () -> SmtpCommands.ehlo("h" + evil));
        assertThrows(UnsafeCommandException.class, () -> SmtpCommands.mailFrom(MailAddress.parse("a@b.example"),
                new MailParameters(-1, null, false, null, "id" + evil), true));
        assertThrows(UnsafeCommandException.class, () -> SmtpCommands.rcptTo(MailAddress.parse("a@b.example"),
                new RcptParameters(Set.of(), "x" + evil + "@y.example"), true));
        assertThrows(UnsafeCommandException.class, () -> SmtpCommands.auth("PLAIN", "AGFsaWNl" + evil));
        assertThrows(UnsafeCommandException.class, () -> SmtpCommands.authResponse("AGFsaWNl" + evil));
        // in a local part: refused without SMTPUTF8, harmless multi-octet UTF-8 with it
        MailAddress a = MailAddress.parse("x" + evil + "@example.org");
        assertThrows(UnsafeCommandException.class, () -> SmtpCommands.mailFrom(a, MailParameters.NONE, false));
        byte[] b = SmtpCommands.mailFrom(a, MailParameters.NONE, true);
        assertOneCleanLine(b);
        assertEquals("MAIL FROM:<x" + evil + "@example.org>\r\n", utf8(b));
    }

    @Test
    void line_checksEncodedBytes_notJavaString() {
        // a field whose Java string looks clean still cannot smuggle a line break: the check runs on bytes
        UnsafeCommandException e = assertThrows(UnsafeCommandException.class,
                () -> new SmtpCommands.Line(true).text("probe", "ok\r\nQUIT"));
        assertTrue(e.getMessage().contains("control octet 0x0D (CR) on the wire (encoded offset 2)"), e.getMessage());
        UnsafeCommandException nul = assertThrows(UnsafeCommandException.class,
                () -> new SmtpCommands.Line(false).text("probe", "a\0"));
        assertTrue(nul.getMessage().contains("0x00 (NUL)"), nul.getMessage());
        UnsafeCommandException lone = assertThrows(UnsafeCommandException.class,
                () -> new SmtpCommands.Line(true).text("probe", "a\ud800"));
        assertTrue(lone.getMessage().contains("U+D800 at index 1"), lone.getMessage());
        assertArrayEquals("x\u00e9\r\n".getBytes(StandardCharsets.UTF_8),
                new SmtpCommands.Line(true).text("probe", "x\u00e9").end());
    }

    @Test
    void envid_isXtextEncoded_andChecked() {
        MailAddress a = MailAddress.parse("a@b.example");
        assertTrue(ascii(SmtpCommands.mailFrom(a, new MailParameters(-1, null, false, null, "a+b=c"), false))
                .endsWith(" ENVID=a+2Bb+3Dc\r\n"));
        for (String bad : new String[] {"x\r\nRCPT TO:<evil@x>", "x\n", "\0", "tab\there", "é"}) {
            UnsafeCommandException e = assertThrows(UnsafeCommandException.class,
                    () -> SmtpCommands.mailFrom(a, new MailParameters(-1, null, false, null, bad), false));
            assertEquals("ENVID", e.field());
        }
        SmtpCommands.mailFrom(a, new MailParameters(-1, null, false, null, "x".repeat(100)), false);
        assertThrows(UnsafeCommandException.class,
                () -> SmtpCommands.mailFrom(a, new MailParameters(-1, null, false, null, "x".repeat(101)), false));
        // the limit applies to the encoded form: 34 '+' are 102 octets encoded
        assertThrows(UnsafeCommandException.class,
                () -> SmtpCommands.mailFrom(a, new MailParameters(-1, null, false, null, "+".repeat(34)), false));
        assertThrows(UnsafeCommandException.class,
                () -> SmtpCommands.mailFrom(a, new MailParameters(-1, null, false, null, ""), false));
    }

    @Test
    void rcptTo_withNotifyAndOrcpt() {
        MailAddress r = MailAddress.parse("bob@example.org");
        assertEquals("RCPT TO:<bob@example.org>\r\n", ascii(SmtpCommands.rcptTo(r, RcptParameters.NONE, false)));
        assertEquals("RCPT TO:<bob@example.org> NOTIFY=SUCCESS,FAILURE,DELAY ORCPT=rfc822;bob+2Bx@example.org\r\n",
                ascii(SmtpCommands.rcptTo(r, new RcptParameters(
                        EnumSet.of(DsnNotify.DELAY, DsnNotify.FAILURE, DsnNotify.SUCCESS), "bob+x@example.org"), false)));
        assertEquals("RCPT TO:<bob@example.org> NOTIFY=NEVER\r\n", ascii(SmtpCommands.rcptTo(r,
                new RcptParameters(Set.of(DsnNotify.NEVER), null), false)));
        assertEquals("RCPT TO:<bob@example.org> ORCPT=rfc822;\"john+20doe\"@example.org\r\n",
                ascii(SmtpCommands.rcptTo(r, new RcptParameters(Set.of(), "\"john doe\"@example.org"), false)));
    }

    @Test
    void rcptTo_refusesBadParameters() {
        MailAddress r = MailAddress.parse("bob@example.org");
        assertThrows(IllegalArgumentException.class,
                () -> new RcptParameters(EnumSet.of(DsnNotify.NEVER, DsnNotify.FAILURE), null));
        assertThrows(IllegalArgumentException.class,
                () -> SmtpCommands.rcptTo(MailAddress.nullSender(), RcptParameters.NONE, false));
        UnsafeCommandException e = assertThrows(UnsafeCommandException.class,
                () -> SmtpCommands.rcptTo(r, new RcptParameters(Set.of(), "bob@example.org\r\nDATA"), false));
        assertEquals("ORCPT", e.field());
        assertThrows(UnsafeCommandException.class,
                () -> SmtpCommands.rcptTo(r, new RcptParameters(Set.of(), ""), false));
        assertThrows(UnsafeCommandException.class,
                () -> SmtpCommands.rcptTo(r, new RcptParameters(Set.of(), "x".repeat(494)), false));
        SmtpCommands.rcptTo(r, new RcptParameters(Set.of(), "x".repeat(493)), false);
    }

    @Test
    void auth_lines() {
        assertEquals("AUTH PLAIN AGFsaWNlAHNlY3JldA==\r\n", ascii(SmtpCommands.auth("plain", "AGFsaWNlAHNlY3JldA==")));
        assertEquals("AUTH LOGIN\r\n", ascii(SmtpCommands.auth("LOGIN", null)));
        assertEquals("AUTH EXTERNAL =\r\n", ascii(SmtpCommands.auth("EXTERNAL", "=")));
        assertEquals("AUTH SCRAM-SHA-256 biwsbj11c2VyLHI9cm9t\r\n",
                ascii(SmtpCommands.auth("SCRAM-SHA-256", "biwsbj11c2VyLHI9cm9t")));
        assertEquals("dXNlcg==\r\n", ascii(SmtpCommands.authResponse("dXNlcg==")));
        assertEquals("\r\n", ascii(SmtpCommands.authResponse("")));
        assertEquals("*\r\n", ascii(SmtpCommands.authResponse("*")));
    }

    @Test
    void auth_refusesMalformed_withoutShowingTheSecret() {
        String secret = "c2VjcmV0\r\nMAIL FROM:<x@y>";
        UnsafeCommandException e = assertThrows(UnsafeCommandException.class, () -> SmtpCommands.auth("PLAIN", secret));
        assertFalse(e.getMessage().contains("c2VjcmV0"), e.getMessage());
        UnsafeCommandException r = assertThrows(UnsafeCommandException.class, () -> SmtpCommands.authResponse(secret));
        assertFalse(r.getMessage().contains("c2VjcmV0"), r.getMessage());
        for (String bad : new String[] {"abc", "ab=c", "a===", "****", "a b=", "YQ==="}) {
            assertThrows(UnsafeCommandException.class, () -> SmtpCommands.authResponse(bad), bad);
        }
        for (String mech : new String[] {"", "PL AIN", "PLAIN\r\n", "A".repeat(21), "PLÄIN"}) {
            assertThrows(UnsafeCommandException.class, () -> SmtpCommands.auth(mech, null), mech);
        }
    }
}
