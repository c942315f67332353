package dev.mailroom.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class TlsPolicyTest {

    @Test
    void parse_levelAndAttributes_asInSmtpTlsPolicyMaps() {
        TlsPolicy p = TlsPolicy.parse("secure match=.example.com:example.com, protocols=>=TLSv1.2 "
                + "exclude=aNULL:MD5 servername=hostname");
        assertEquals(TlsLevel.SECURE, p.level());
        assertEquals(List.of(".example.com", "example.com"), p.match());
        assertEquals(">=TLSv1.2", p.protocols());
        assertEquals("aNULL:MD5", p.exclude());
        assertEquals("hostname", p.servername());
    }

    @Test
    void parse_fingerprintMatchesSeparatedByBarAndRepeatable() {
        TlsPolicy p = TlsPolicy.parse("fingerprint match=AA:BB|CC:DD match=EE:FF");
        assertEquals(List.of("AA:BB", "CC:DD", "EE:FF"), p.match());
    }

    @Test
    void parse_bracedValueWithSpaces() {
        assertEquals("!TLSv1, !TLSv1.1", TlsPolicy.parse("encrypt { protocols = !TLSv1, !TLSv1.1 }").protocols());
    }

    @Test
    void parse_noneIgnoresAttributes_andEmptyIsNone() {
        assertEquals(TlsPolicy.NONE, TlsPolicy.parse("none protocols=TLSv1.3"));
        assertEquals(TlsLevel.NONE, TlsLevel.parse(""));
        assertTrue(TlsLevel.SECURE.requiresTls());
        assertTrue(!TlsLevel.MAY.requiresTls() && !TlsLevel.DANE.requiresTls());
    }

    @ParameterizedTest
    @ValueSource(strings = {"bogus", "may match=example.com", "encrypt frobnicate=1", "encrypt protocols", ""})
    void parse_invalidPolicy_isRefused(String value) {
        // Postfix defers mail whose policy is invalid; the caller turns this exception into a deferral
        assertThrows(IllegalArgumentException.class, () -> TlsPolicy.parse(value));
    }
}
