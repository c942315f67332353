package dev.mailroom.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

final class CapabilitiesTest {

    /** The EHLO reply of Postfix 3.7's smtpd with TLS and Dovecot SASL configured. */
    private static final Reply POSTFIX = Reply.of(250, "mx.example.org", "PIPELINING", "SIZE 10240000", "VRFY",
            "ETRN", "STARTTLS", "AUTH PLAIN LOGIN", "AUTH=PLAIN LOGIN", "ENHANCEDSTATUSCODES", "8BITMIME",
            "DSN", "SMTPUTF8", "CHUNKING");

    @Test
    void postfixReply_allKnownExtensions() {
        Capabilities c = Capabilities.parse(POSTFIX);
        assertEquals("mx.example.org", c.serverName());
        assertTrue(c.pipelining());
        assertTrue(c.size());
        assertEquals(OptionalLong.of(10240000), c.sizeLimit());
        assertTrue(c.startTls());
        assertTrue(c.enhancedStatusCodes());
        assertTrue(c.eightBitMime());
        assertTrue(c.dsn());
        assertTrue(c.smtpUtf8());
        assertTrue(c.chunking());
        assertEquals(List.of("PLAIN", "LOGIN"), List.copyOf(c.authMechanisms()));
        assertTrue(c.has("vrfy"));
        assertTrue(c.has("ETRN"));
        assertEquals(List.of("PIPELINING", "SIZE", "VRFY", "ETRN", "STARTTLS", "AUTH", "ENHANCEDSTATUSCODES",
                "8BITMIME", "DSN", "SMTPUTF8", "CHUNKING"), List.copyOf(c.keywords().keySet()));
    }

    @Test
    void minimalReply_hasNothing() {
        Capabilities c = Capabilities.parse(Reply.of(250, "localhost"));
        assertEquals("localhost", c.serverName());
        assertFalse(c.pipelining());
        assertFalse(c.size());
        assertEquals(OptionalLong.empty(), c.sizeLimit());
        assertFalse(c.startTls());
        assertFalse(c.eightBitMime());
        assertFalse(c.dsn());
        assertFalse(c.smtpUtf8());
        assertFalse(c.chunking());
        assertFalse(c.enhancedStatusCodes());
        assertEquals(Set.of(), c.authMechanisms());
        assertEquals(0, c.keywords().size());
    }

    @Test
    void greetingWords_afterTheName_areIgnored() {
        assertEquals("smtp.example.com", Capabilities.parse(Reply.of(250, "smtp.example.com at your service, [192.0.2.7]",
                "8BITMIME")).serverName());
    }

    @Test
    void size_withoutNumber_orZero_orGarbage_isOfferedWithoutLimit() {
        for (String line : List.of("SIZE", "SIZE 0", "SIZE abc", "SIZE 99999999999999999999", "SIZE -5")) {
            Capabilities c = Capabilities.parse(Reply.of(250, "h", line));
            assertTrue(c.size(), line);
            assertEquals(OptionalLong.empty(), c.sizeLimit(), line);
        }
    }

    @Test
    void auth_legacyFormOnly_isRead() {
        Capabilities c = Capabilities.parse(Reply.of(250, "h", "AUTH=LOGIN PLAIN"));
        assertEquals(List.of("LOGIN", "PLAIN"), List.copyOf(c.authMechanisms()));
        assertTrue(c.has("AUTH"));
        assertEquals(List.of("LOGIN", "PLAIN"), c.parameters("auth"));
    }

    @Test
    void auth_bothForms_areCombined_withoutDuplicates_caseInsensitive() {
        Capabilities c = Capabilities.parse(Reply.of(250, "h", "AUTH=login", "auth cram-md5 PLAIN",
                "AUTH XOAUTH2 Login", "AUTH="));
        assertEquals(List.of("LOGIN", "CRAM-MD5", "PLAIN", "XOAUTH2"), List.copyOf(c.authMechanisms()));
        assertEquals(List.of("LOGIN", "CRAM-MD5", "PLAIN", "XOAUTH2"), c.parameters("AUTH"));
    }

    @Test
    void unknownKeywords_areKept_withParameters() {
        Capabilities c = Capabilities.parse(Reply.of(250, "h", "X-EXPS GSSAPI NTLM", "XCLIENT NAME ADDR",
                "BINARYMIME", "DELIVERBY 3600", "  MT-PRIORITY   MIXER  "));
        assertEquals(List.of("GSSAPI", "NTLM"), c.parameters("x-exps"));
        assertEquals(List.of("NAME", "ADDR"), c.parameters("XCLIENT"));
        assertTrue(c.has("BINARYMIME"));
        assertEquals(List.of("3600"), c.parameters("DELIVERBY"));
        assertEquals(List.of("MIXER"), c.parameters("MT-PRIORITY"));
        assertEquals(List.of(), c.parameters("NOPE"));
    }

    @Test
    void keywords_areCaseInsensitive() {
        Capabilities c = Capabilities.parse(Reply.of(250, "h", "pipelining", "Starttls", "smtputf8", "chunking"));
        assertTrue(c.pipelining());
        assertTrue(c.startTls());
        assertTrue(c.smtpUtf8());
        assertTrue(c.chunking());
    }

    @Test
    void emptyLines_areSkipped() {
        Capabilities c = Capabilities.parse(Reply.of(250, "h", "", "DSN"));
        assertEquals(Set.of("DSN"), c.keywords().keySet());
    }

    @Test
    void nonPositiveReply_isRejected() {
        assertThrows(IllegalArgumentException.class, () -> Capabilities.parse(Reply.of(502, "5.5.2 no EHLO")));
        assertThrows(IllegalArgumentException.class, () -> Capabilities.parse(List.of()));
    }

    @Test
    void equality_followsContent() {
        assertEquals(Capabilities.parse(POSTFIX), Capabilities.parse(POSTFIX.lines()));
        assertEquals(Capabilities.parse(POSTFIX).hashCode(), Capabilities.parse(POSTFIX.lines()).hashCode());
    }
}
