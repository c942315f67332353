package dev.mailroom.smtp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class TlsSupportTest {

    private static final List<String> JDK = List.of("TLSv1.3", "TLSv1.2");

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        ">=TLSv1; TLSv1.2 TLSv1.3",
        ">=TLSv1.3; TLSv1.3",
        "!TLSv1.3; TLSv1.2",
        "!SSLv2, !SSLv3, !TLSv1, !TLSv1.1; TLSv1.2 TLSv1.3",
        "TLSv1.2:TLSv1.3; TLSv1.2 TLSv1.3",
        "<=TLSv1.2; TLSv1.2",
    })
    void protocols_followPostfixSyntax(String spec, String expected) {
        assertEquals(List.of(expected.split(" ")), TlsSupport.protocols(spec, JDK));
    }

    @Test
    void protocols_unknownOrEmptyResult_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> TlsSupport.protocols(">=TLSv9", JDK));
        assertThrows(IllegalArgumentException.class, () -> TlsSupport.protocols("TLSv1", JDK));
    }

    @Test
    void suites_excludeByOpenSslToken() {
        List<String> suites = List.of("TLS_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
                "TLS_RSA_WITH_AES_256_GCM_SHA384", "TLS_DH_anon_WITH_AES_128_CBC_SHA256");
        assertEquals(List.of("TLS_AES_128_GCM_SHA256"), TlsSupport.suites("aNULL, SHA1 kRSA", suites));
        assertThrows(IllegalArgumentException.class, () -> TlsSupport.suites("AES", suites));
    }

    @ParameterizedTest
    @CsvSource({
        "hostname, mx.example.com, mx.example.com, example.com, true",
        "hostname, *.example.com, mx.example.com, example.com, true",
        "hostname, *.example.com, a.mx.example.com, example.com, false",
        "nexthop, example.com, mx.example.com, example.com, true",
        "nexthop, mx.example.com, mx.example.com, example.com, false",
        "dot-nexthop, mx.example.com, mx.example.com, example.com, true",
        "dot-nexthop, example.com, mx.example.com, example.com, false",
        ".example.net, smtp.example.net, mx.example.com, example.com, true",
        "smtp.example.net, SMTP.Example.NET, mx.example.com, example.com, true",
    })
    void nameMatches_patterns(String pattern, String certName, String host, String nexthop, boolean expected) {
        assertEquals(expected, TlsSupport.nameMatches(pattern, certName, host, nexthop));
    }

    @Test
    void nameMatches_wildcardNeverMatchesTheBareDomain() {
        assertFalse(TlsSupport.nameMatches("hostname", "*.example.com", "example.com", "example.com"));
        assertTrue(TlsSupport.nameMatches("hostname", "*.example.com", "x.example.com", "example.com"));
    }
}
