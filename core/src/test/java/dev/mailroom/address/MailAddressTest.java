package dev.mailroom.address;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

final class MailAddressTest {

    // ---- valid inputs: input, unquoted local part, domain as written, formatted form

    static Stream<Arguments> valid() {
        return Stream.of(
                Arguments.of("user@example.org", "user", "example.org", "user@example.org"),
                Arguments.of("<user@example.org>", "user", "example.org", "user@example.org"),
                Arguments.of("First.Last@Example.ORG", "First.Last", "Example.ORG", "First.Last@Example.ORG"),
                Arguments.of("a+b-c@example.org", "a+b-c", "example.org", "a+b-c@example.org"),
                Arguments.of("!#$%&'*+-/=?^_`{|}~@example.org", "!#$%&'*+-/=?^_`{|}~", "example.org",
                        "!#$%&'*+-/=?^_`{|}~@example.org"),
                Arguments.of("\"john doe\"@example.org", "john doe", "example.org", "\"john doe\"@example.org"),
                Arguments.of("\"abc\"@example.org", "abc", "example.org", "abc@example.org"),
                Arguments.of("\"\\a\\b\"@example.org", "ab", "example.org", "ab@example.org"),
                Arguments.of("\"a\\\"b\\\\c\"@example.org", "a\"b\\c", "example.org", "\"a\\\"b\\\\c\"@example.org"),
                Arguments.of("\"a@b\"@example.org", "a@b", "example.org", "\"a@b\"@example.org"),
                Arguments.of("\"\"@example.org", "", "example.org", "\"\"@example.org"),
                Arguments.of("\".a\"@example.org", ".a", "example.org", "\".a\"@example.org"),
                Arguments.of("\"a..b\"@example.org", "a..b", "example.org", "\"a..b\"@example.org"),
                Arguments.of("\"a,b\"@example.org", "a,b", "example.org", "\"a,b\"@example.org"),
                Arguments.of("a@localhost", "a", "localhost", "a@localhost"),
                Arguments.of("a@1.2.3.4", "a", "1.2.3.4", "a@1.2.3.4"),
                Arguments.of("a@x--y.example", "a", "x--y.example", "a@x--y.example"),
                Arguments.of("用户@例子.广告", "用户", "例子.广告", "用户@例子.广告"),
                Arguments.of("\"用 户\"@example.org", "用 户", "example.org", "\"用 户\"@example.org"),
                Arguments.of("jörg@bücher.example", "jörg", "bücher.example", "jörg@bücher.example"),
                Arguments.of("user@xn--bcher-kva.example", "user", "xn--bcher-kva.example",
                        "user@xn--bcher-kva.example"),
                Arguments.of("user@[192.0.2.1]", "user", "[192.0.2.1]", "user@[192.0.2.1]"),
                Arguments.of("user@[IPv6:2001:db8::1]", "user", "[IPv6:2001:db8::1]", "user@[IPv6:2001:db8::1]"),
                Arguments.of("user@[ipv6:::1]", "user", "[ipv6:::1]", "user@[ipv6:::1]"),
                Arguments.of("user@[IPv6:::ffff:192.0.2.1]", "user", "[IPv6:::ffff:192.0.2.1]",
                        "user@[IPv6:::ffff:192.0.2.1]"),
                Arguments.of("user@[IPv6:1:2:3:4:5:6:7:8]", "user", "[IPv6:1:2:3:4:5:6:7:8]",
                        "user@[IPv6:1:2:3:4:5:6:7:8]"),
                Arguments.of("user@[IPv6:1:2:3:4:5:6:192.0.2.1]", "user", "[IPv6:1:2:3:4:5:6:192.0.2.1]",
                        "user@[IPv6:1:2:3:4:5:6:192.0.2.1]"),
                Arguments.of("<@a.example,@b.example:user@d.example>", "user", "d.example", "user@d.example"),
                Arguments.of("<@a.example:\"x y\"@d.example>", "x y", "d.example", "\"x y\"@d.example"));
    }

    @ParameterizedTest
    @MethodSource("valid")
    void parse_valid_givesPartsAndMinimalQuoting(String input, String local, String domain, String formatted) {
        MailAddress a = MailAddress.parse(input);
        assertEquals(local, a.localPart());
        assertEquals(domain, a.domain());
        assertEquals(formatted, a.toString());
        assertEquals("<" + formatted + ">", a.toPath());
        assertFalse(a.isNullSender());
        assertTrue(a.isQualified());
    }

    @ParameterizedTest
    @MethodSource("valid")
    void roundTrip_parseOfFormatted_isEqualAndStable(String input) {
        MailAddress a = MailAddress.parse(input);
        MailAddress b = MailAddress.parse(a.toString());
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertEquals(a.toString(), b.toString());
        assertEquals(a, MailAddress.parse(a.toPath()));
        assertEquals(a, MailAddress.of(a.localPart(), a.domain()));
    }

    @ParameterizedTest
    @MethodSource("valid")
    void tryParse_valid_isPresent(String input) {
        assertEquals(Optional.of(MailAddress.parse(input)), MailAddress.tryParse(input));
    }

    // ---- invalid inputs: input, index, part of the reason

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("", 0, "empty address"),
                Arguments.of("user@exa\r\nmple.org", 8, "control character U+000D (CR)"),
                Arguments.of("user\n@example.org", 4, "control character U+000A (LF)"),
                Arguments.of("us\0er@example.org", 2, "control character U+0000 (NUL)"),
                Arguments.of("a\tb@example.org", 1, "control character U+0009 (TAB)"),
                Arguments.of("a\u007f@example.org", 1, "control character U+007F (DEL)"),
                Arguments.of("a\u0085@example.org", 1, "control character U+0085"),
                Arguments.of("\"a\rb\"@example.org", 2, "control character U+000D (CR)"),
                Arguments.of("a@example.org\r\n", 13, "control character U+000D (CR)"),
                Arguments.of("a\ud800@example.org", 1, "unpaired surrogate U+D800"),
                Arguments.of("a\udc00@example.org", 1, "unpaired surrogate U+DC00"),
                Arguments.of("\"abc@example.org", 0, "unbalanced quote"),
                Arguments.of("\"abc\\\"@example.org", 0, "unbalanced quote"),
                Arguments.of("\"abc\\", 4, "unbalanced quote: backslash"),
                Arguments.of("abc\"@example.org", 3, "unbalanced quote"),
                Arguments.of("\"a\"b@example.org", 3, "unexpected 'b' after the local part"),
                Arguments.of("\"a\\é\"@example.org", 3, "quoted-pair"),
                Arguments.of("a b@example.org", 1, "U+0020 (space) is not allowed in an unquoted local part"),
                Arguments.of(" a@example.org", 0, "U+0020 (space)"),
                Arguments.of("a,b@example.org", 1, "',' is not allowed in an unquoted local part"),
                Arguments.of(".a@example.org", 0, "local part starts with '.'"),
                Arguments.of("a.@example.org", 1, "local part ends with '.'"),
                Arguments.of("a..b@example.org", 2, "empty atom"),
                Arguments.of("@example.org", 0, "empty local part"),
                Arguments.of("a@", 2, "missing domain"),
                Arguments.of("a", 1, "missing '@' and domain"),
                Arguments.of("a@b@c", 3, "'@' is not allowed in a domain name"),
                Arguments.of("a@-x.org", 2, "starts with '-'"),
                Arguments.of("a@x-.org", 3, "ends with '-'"),
                Arguments.of("a@x..org", 4, "empty label"),
                Arguments.of("a@.x.org", 2, "empty label"),
                Arguments.of("a@x.org.", 8, "domain ends with '.'"),
                Arguments.of("a@x_y.org", 3, "'_' is not allowed in a domain name"),
                Arguments.of("a@bü_cher.org", 4, "'_' is not allowed in a domain name"),
                Arguments.of("a@xn--abc.org", 2, "invalid A-label"),
                Arguments.of("<a@x.org", 0, "'<' without closing '>'"),
                Arguments.of("<", 0, "'<' without closing '>'"),
                Arguments.of("a@x.org>", 7, "'>' is not allowed in a domain name"),
                Arguments.of("<<a@x.org>>", 1, "'<' is not allowed in an unquoted local part"),
                Arguments.of("a@[1.2.3]", 3, "invalid IPv4 address literal"),
                Arguments.of("a@[256.1.1.1]", 3, "invalid IPv4 address literal"),
                Arguments.of("a@[1.2.3.4", 2, "without closing ']'"),
                Arguments.of("a@[1.2.3.4]x", 11, "unexpected 'x' after address literal"),
                Arguments.of("a@[]", 3, "invalid IPv4 address literal"),
                Arguments.of("a@[IPv6:1::2::3]", 8, "more than one '::'"),
                Arguments.of("a@[IPv6:12345::]", 8, "bad group"),
                Arguments.of("a@[IPv6:1:2:3:4:5:6:7]", 8, "need 8 groups"),
                Arguments.of("a@[IPv6:1:2:3:4:5:6:7::8]", 8, "too many groups"),
                Arguments.of("a@[IPv6::1]", 8, "bad group"),
                Arguments.of("a@[IPv6:::1.2.3]", 8, "bad IPv4 part"),
                Arguments.of("a@[IPv6:g::1]", 8, "bad group"),
                Arguments.of("a@[foo:bar]", 3, "unsupported address literal tag \"foo\""),
                Arguments.of("<@a.example:>", 12, "missing mailbox after source route"),
                Arguments.of("<@:a@b.example>", 2, "empty domain in source route"),
                Arguments.of("<@a.example a@b.example>", 1, "source route without ':'"),
                Arguments.of("<@a.example,b.example:a@b.example>", 12, "expected '@' in source route"));
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void parse_invalid_saysWhatAndWhere(String input, int index, String reason) {
        AddressSyntaxException e = assertThrows(AddressSyntaxException.class, () -> MailAddress.parse(input));
        assertEquals(index, e.index(), e.getMessage());
        assertTrue(e.reason().contains(reason), () -> "reason: " + e.reason());
        assertEquals(input, e.input());
        assertTrue(e.getMessage().contains("at index " + index), e.getMessage());
        assertTrue(e.getMessage().chars().noneMatch(c -> c < 0x20), "message has no control character");
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void tryParse_invalid_isEmpty(String input) {
        assertEquals(Optional.empty(), MailAddress.tryParse(input));
    }

    @Test
    void exception_isIllegalArgumentException_withEscapedInput() {
        AddressSyntaxException e = assertThrows(AddressSyntaxException.class,
                () -> MailAddress.parse("a\r\nRCPT TO:<x@y>@example.org"));
        assertTrue(e instanceof IllegalArgumentException);
        assertEquals("control character U+000D (CR) at index 1 in address \"a\\r\\nRCPT TO:<x@y>@example.org\"",
                e.getMessage());
    }

    // ---- length limits (RFC 5321 section 4.5.3.1), counted in UTF-8 octets

    @Test
    void localPart_of64Octets_isAccepted_65IsRejected() {
        assertEquals(64, MailAddress.parse("a".repeat(64) + "@x.org").localPart().length());
        AddressSyntaxException e = assertThrows(AddressSyntaxException.class,
                () -> MailAddress.parse("a".repeat(65) + "@x.org"));
        assertEquals(0, e.index());
        assertTrue(e.reason().contains("65 octets"), e.reason());
    }

    @Test
    void localPartLimit_countsUtf8Octets() {
        MailAddress.parse("é".repeat(32) + "@x.org");
        AddressSyntaxException e = assertThrows(AddressSyntaxException.class,
                () -> MailAddress.parse("é".repeat(33) + "@x.org"));
        assertTrue(e.reason().contains("66 octets"), e.reason());
    }

    @Test
    void localPartLimit_countsMinimalQuotedForm() {
        // 62 characters plus two quotes (needed because of the space) = 64 octets
        MailAddress.parse("\"" + "a".repeat(61) + " \"@x.org");
        assertThrows(AddressSyntaxException.class, () -> MailAddress.parse("\"" + "a".repeat(62) + " \"@x.org"));
        // needless quotes do not count
        MailAddress.parse("\"" + "a".repeat(64) + "\"@x.org");
    }

    @Test
    void domainLabel_longerThan63_isRejected() {
        MailAddress.parse("a@" + "b".repeat(63) + ".org");
        AddressSyntaxException e = assertThrows(AddressSyntaxException.class,
                () -> MailAddress.parse("a@" + "b".repeat(64) + ".org"));
        assertEquals(2, e.index());
        assertTrue(e.reason().contains("64 octets long, more than 63"), e.reason());
    }

    @Test
    void domain_longerThan255_isRejected() {
        String d = String.join(".", "b".repeat(63), "c".repeat(63), "d".repeat(63), "e".repeat(64));
        AddressSyntaxException e = assertThrows(AddressSyntaxException.class, () -> MailAddress.parse("a@" + d));
        assertEquals(2, e.index());
        assertTrue(e.reason().contains("256 octets long, more than 255"), e.reason());
    }

    @Test
    void path_longerThan256_isRejected_evenWhenPartsFit() {
        String d190 = String.join(".", "b".repeat(63), "c".repeat(63), "d".repeat(62));
        assertEquals(190, d190.length());
        MailAddress.parse("a".repeat(63) + "@" + d190); // 2 + 63 + 1 + 190 = 256
        AddressSyntaxException e = assertThrows(AddressSyntaxException.class,
                () -> MailAddress.parse("a".repeat(64) + "@" + d190));
        assertEquals(-1, e.index());
        assertTrue(e.reason().contains("257 octets long, more than 256"), e.reason());
        assertFalse(e.getMessage().contains("at index"), e.getMessage());
    }

    @Test
    void internationalizedDomain_mustFitInItsALabelForm() {
        // 60 'ü' are 120 UTF-8 octets but their A-label is longer than 63 octets
        AddressSyntaxException e = assertThrows(AddressSyntaxException.class,
                () -> MailAddress.parse("a@" + "ü".repeat(60) + ".example"));
        assertEquals(2, e.index());
        assertTrue(e.reason().contains("invalid internationalized label"), e.reason());
    }

    // ---- null sender, unqualified

    @Test
    void nullSender_parsesFromAngleBrackets_only() {
        MailAddress n = MailAddress.parse("<>");
        assertSame(MailAddress.nullSender(), n);
        assertTrue(n.isNullSender());
        assertFalse(n.isQualified());
        assertEquals("", n.localPart());
        assertEquals("", n.domain());
        assertEquals("<>", n.toString());
        assertEquals("<>", n.toPath());
        assertEquals("", n.lookupKey());
        assertFalse(n.needsSmtpUtf8());
        assertEquals(n, MailAddress.parse(n.toString()));
        assertNotEquals(n, MailAddress.parse("\"\"@x.org"));
        assertEquals(Optional.empty(), n.splitExtension("+"));
        assertThrows(IllegalStateException.class, () -> n.withDomain("x.org"));
        assertThrows(IllegalStateException.class, () -> n.withLocalPart("x"));
    }

    @Test
    void unqualified_isRejectedByDefault_acceptedWithOption() {
        assertThrows(AddressSyntaxException.class, () -> MailAddress.parse("root"));
        MailAddress root = MailAddress.parse("root", MailAddress.ParseOption.ALLOW_UNQUALIFIED);
        assertFalse(root.isQualified());
        assertEquals("root", root.toString());
        assertEquals("<root>", root.toPath());
        assertEquals("", root.domain());
        assertEquals(root, MailAddress.parse("<root>", MailAddress.ParseOption.ALLOW_UNQUALIFIED));
        assertEquals("\"a b\"", MailAddress.parse("\"a b\"", MailAddress.ParseOption.ALLOW_UNQUALIFIED).toString());
        assertEquals(MailAddress.parse("root@example.org"), root.withDomain("example.org"));
        assertEquals(Optional.empty(), MailAddress.tryParse("root"));
        assertTrue(MailAddress.tryParse("root", MailAddress.ParseOption.ALLOW_UNQUALIFIED).isPresent());
    }

    // ---- IDN

    @Test
    void idn_uLabelAndALabel_areEqual_caseInsensitively() {
        MailAddress u = MailAddress.parse("user@Bücher.Example");
        MailAddress a = MailAddress.parse("user@XN--BCHER-KVA.example");
        assertEquals(u, a);
        assertEquals(u.hashCode(), a.hashCode());
        assertEquals("xn--bcher-kva.Example", u.asciiDomain());
        assertEquals("bücher.example", a.unicodeDomain().toLowerCase(java.util.Locale.ROOT));
        assertEquals("user@xn--bcher-kva.Example", u.withAsciiDomain().toString());
        assertEquals(u, u.withAsciiDomain());
        assertEquals(a, a.withUnicodeDomain());
        assertFalse(u.needsSmtpUtf8());
        assertFalse(u.isAscii());
        assertTrue(u.withAsciiDomain().isAscii());
    }

    @Test
    void idn_chineseDomain_convertsToPunycode() {
        MailAddress a = MailAddress.parse("用户@例子.广告");
        assertEquals("xn--fsqu00a.xn--4rr70v", a.asciiDomain());
        assertTrue(a.needsSmtpUtf8());
        assertEquals(MailAddress.parse("用户@xn--fsqu00a.xn--4rr70v"), a);
    }

    @Test
    void smtpUtf8_isNeeded_onlyForNonAsciiLocalPart() {
        assertTrue(MailAddress.parse("jörg@example.org").needsSmtpUtf8());
        assertTrue(MailAddress.parse("\"j ö\"@example.org").needsSmtpUtf8());
        assertFalse(MailAddress.parse("jorg@bücher.example").needsSmtpUtf8());
        assertFalse(MailAddress.parse("jorg@example.org").needsSmtpUtf8());
    }

    // ---- equality

    @Test
    void equality_domainIgnoresCase_localPartDoesNot() {
        assertEquals(MailAddress.parse("User@Example.ORG"), MailAddress.parse("User@example.org"));
        assertEquals(MailAddress.parse("User@Example.ORG").hashCode(), MailAddress.parse("User@example.org").hashCode());
        assertNotEquals(MailAddress.parse("user@example.org"), MailAddress.parse("User@example.org"));
        assertEquals(MailAddress.parse("\"abc\"@x.org"), MailAddress.parse("abc@x.org"));
        assertEquals(MailAddress.parse("<@r.example:abc@x.org>"), MailAddress.parse("abc@x.org"));
        assertNotEquals(MailAddress.parse("abc@x.org"), MailAddress.parse("abc", MailAddress.ParseOption.ALLOW_UNQUALIFIED));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "a@[IPv6:::1]          | a@[ipv6:0:0::1]",
        "a@[IPv6:::1]          | a@[IPv6:0:0:0:0:0:0:0:1]",
        "a@[IPv6:2001:DB8::1]  | a@[IPv6:2001:db8:0::1]",
        "a@[IPv6:::ffff:192.0.2.1] | a@[IPv6:::ffff:c000:201]",
        "a@[010.0.0.1]         | a@[10.0.0.1]"})
    void equality_addressLiterals_compareTheAddress(String x, String y) {
        assertEquals(MailAddress.parse(x), MailAddress.parse(y));
        assertEquals(MailAddress.parse(x).hashCode(), MailAddress.parse(y).hashCode());
    }

    @Test
    void equality_literalIsNotTheSameAsName() {
        assertNotEquals(MailAddress.parse("a@[192.0.2.1]"), MailAddress.parse("a@192.0.2.1"));
        assertNotEquals(MailAddress.parse("a@[IPv6:::ffff:192.0.2.1]"), MailAddress.parse("a@[192.0.2.1]"));
    }

    @Test
    void literalAddress_isResolvedWithoutDns() throws Exception {
        MailAddress v4 = MailAddress.parse("a@[192.0.2.1]");
        assertTrue(v4.isAddressLiteral());
        assertEquals(Optional.of(InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, 1})), v4.literalAddress());
        MailAddress v6 = MailAddress.parse("a@[IPv6:2001:db8::1]");
        assertEquals(InetAddress.getByName("2001:db8::1"), v6.literalAddress().orElseThrow());
        assertEquals("[IPv6:2001:db8::1]", v6.asciiDomain());
        assertEquals("[IPv6:2001:db8::1]", v6.unicodeDomain());
        assertFalse(MailAddress.parse("a@example.org").literalAddress().isPresent());
    }

    // ---- lookup keys and case folding

    @Test
    void lookupKey_foldsCase_andQuotesAsPostfixExternalForm() {
        assertEquals("\"john doe\"@example.org", MailAddress.parse("\"John Doe\"@Example.ORG").lookupKey());
        assertEquals("user+ext@example.org", MailAddress.parse("User+Ext@EXAMPLE.org").lookupKey());
        assertEquals("john doe", MailAddress.parse("\"John Doe\"@x.org").foldedLocalPart());
        assertEquals("root", MailAddress.parse("ROOT", MailAddress.ParseOption.ALLOW_UNQUALIFIED).lookupKey());
    }

    @ParameterizedTest
    @CsvSource({"STRASSE, strasse", "straße, strasse", "ÄBC, äbc", "ΣΑΣ, σασ", "σας, σασ", "ǅx, ǆx", "ǄX, ǆx",
        "MiXeD, mixed"})
    void foldCase_matchesPostfixUtf8Folding(String in, String folded) {
        // the pairs were checked with postmap -q on Postfix 3.7 with smtputf8_enable = yes
        assertEquals(folded, MailAddress.foldCase(in));
    }

    // ---- of / with

    @Test
    void of_quotesWhereNeeded_andChecks() {
        assertEquals("\"john doe\"@example.org", MailAddress.of("john doe", "example.org").toString());
        assertEquals("\"\"@example.org", MailAddress.of("", "example.org").toString());
        assertEquals("a@[192.0.2.1]", MailAddress.of("a", "[192.0.2.1]").toString());
        AddressSyntaxException e = assertThrows(AddressSyntaxException.class, () -> MailAddress.of("a\r", "x.org"));
        assertEquals(2, e.index()); // in the formatted input "a\r"@x.org
        assertThrows(AddressSyntaxException.class, () -> MailAddress.of("a", "x..org"));
        assertThrows(NullPointerException.class, () -> MailAddress.of(null, "x.org"));
        assertThrows(NullPointerException.class, () -> MailAddress.parse(null));
    }

    @Test
    void withLocalPart_and_withDomain_deriveCheckedCopies() {
        MailAddress a = MailAddress.parse("alice@example.org");
        assertEquals("\"a b\"@example.org", a.withLocalPart("a b").toString());
        assertEquals("alice@other.example", a.withDomain("other.example").toString());
        assertEquals("alice", a.withDomain("").toString());
        assertThrows(AddressSyntaxException.class, () -> a.withDomain("bad domain"));
    }
}
