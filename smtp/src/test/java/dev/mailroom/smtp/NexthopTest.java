package dev.mailroom.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

final class NexthopTest {

    @ParameterizedTest
    @CsvSource({
        "[mail.example.com]:587, mail.example.com, true, 587",
        "[mail.example.com]:submission, mail.example.com, true, 587",
        "[mail.example.com]:submissions, mail.example.com, true, 465",
        "[mail.example.com]:smtps, mail.example.com, true, 465",
        "[mail.example.com], mail.example.com, true, 25",
        "example.com, example.com, false, 25",
        "mail1.example:587, mail1.example, false, 587",
        "[192.0.2.1]:2525, 192.0.2.1, true, 2525",
        "[2001:db8::1]:25, 2001:db8::1, true, 25",
        "[ipv6:2001:db8::1], 2001:db8::1, true, 25",
        "inet:lmtp.example:lmtp, lmtp.example, false, 24",
    })
    void parse_acceptsPostfixForms(String text, String host, boolean bracketed, int port) {
        Nexthop n = Nexthop.parse(text);
        assertEquals(host, n.host());
        assertEquals(bracketed, n.bracketed());
        assertEquals(port, n.portOr(Protocol.SMTP));
        assertEquals(text, n.text());
    }

    @ParameterizedTest
    @ValueSource(strings = {"[mail.example.com]:0", "[mail.example.com]:65536", "mail.example.com:nosuchservice",
        "[mail.example.com", "2001:db8::1", "[x]y", "[]"})
    void parse_rejectsBadForms(String text) {
        assertThrows(IllegalArgumentException.class, () -> Nexthop.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[a.example]:25, b.example", "[a.example]:25 b.example", "[a.example]:25,,b.example"})
    void parseList_splitsOnCommasAndSpaces(String text) {
        List<Nexthop> l = Nexthop.parseList(text);
        assertEquals(List.of("[a.example]:25", "b.example"), l.stream().map(Nexthop::text).toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"unix:/var/run/dovecot/lmtp"})
    void parse_unixSocketForLmtp(String text) {
        Nexthop n = Nexthop.parse(text);
        assertTrue(n.unixSocket());
        assertEquals("/var/run/dovecot/lmtp", n.host());
        assertEquals(OptionalInt.empty(), n.port());
        assertFalse(n.host().startsWith("unix:"));
    }
}
