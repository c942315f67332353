package dev.mailroom.address;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Splitting by {@code recipient_delimiter}: the rules of POSTFIX-SEMANTICS.md B.1 and the
 * addresses of vectors B2, B5, B6, B23 and B27 (B.8).
 */
final class ExtensionSplitTest {

    private static String split(String address, String delimiters, boolean ownerRequestSpecial) {
        return MailAddress.parse(address).splitExtension(delimiters, ownerRequestSpecial, "double-bounce")
                .map(s -> s.base() + " " + s.delimiter() + " [" + s.extension() + "]")
                .orElse("-");
    }

    @ParameterizedTest(name = "{0} with \"{1}\" special={2} -> {3}")
    @CsvSource(delimiter = '|', value = {
        // plain splits (B2, B5, B6, B23, B27 addresses)
        "b+spec@vdom.test          | +   | true  | b@vdom.test + [spec]",
        "b+other@vdom.test         | +   | true  | b@vdom.test + [other]",
        "d+x@vdom.test             | +   | true  | d@vdom.test + [x]",
        "y+ext@odom.test           | +   | true  | y@odom.test + [ext]",
        "alice+ext@example.test    | +   | true  | alice@example.test + [ext]",
        "sasluser+ext@example.test | +   | true  | sasluser@example.test + [ext]",
        // the first delimiter of the set wins, wherever it is in the set
        "a+b+c@d.test              | +   | true  | a@d.test + [b+c]",
        "a-b+c@d.test              | +-  | true  | a@d.test - [b+c]",
        "a+b-c@d.test              | +-  | true  | a@d.test + [b-c]",
        "a+b-c@d.test              | -+  | true  | a@d.test + [b-c]",
        // empty extension is still a split; empty user part is not
        "user+@d.test              | +   | true  | user@d.test + []",
        "+foo@d.test               | +   | true  | -",
        "-foo@d.test               | +-  | true  | -",
        "nodelim@d.test            | +   | true  | -",
        "a+b@d.test                | ''  | true  | -",
        // special local parts (the whole local part, case-insensitive) are never split
        "postmaster@d.test         | s   | true  | -",
        "PostMaster@d.test         | t   | false | -",
        "MAILER-DAEMON@d.test      | +-  | true  | -",
        "mailer-daemon@d.test      | -   | false | -",
        "double-bounce@d.test      | -   | true  | -",
        "Double-Bounce@d.test      | -   | false | -",
        // ... but with an extension they are (Postfix compares the whole local part)
        "postmaster+x@d.test       | +   | true  | postmaster@d.test + [x]",
        "MAILER-DAEMON+x@d.test    | +   | true  | MAILER-DAEMON@d.test + [x]",
        "double-bounce+x@d.test    | +   | true  | double-bounce@d.test + [x]",
        "mailer-daemon+x@d.test    | -   | false | mailer@d.test - [daemon+x]",
        // owner-* and *-request only with '-' in the set and owner_request_special=yes
        "owner-list@d.test         | -   | true  | -",
        "OWNER-list@d.test         | +-  | true  | -",
        "owner-list@d.test         | -   | false | owner@d.test - [list]",
        "list-request@d.test       | -   | true  | -",
        "list-REQUEST@d.test       | +-  | true  | -",
        "list-request@d.test       | -   | false | list@d.test - [request]",
        "owner+x@d.test            | +   | true  | owner@d.test + [x]",
        "list-request+x@d.test     | +   | true  | list-request@d.test + [x]",
        "list-request+x@d.test     | +-  | true  | list@d.test - [request+x]",
        "-request@d.test           | -   | true  | -",
        "x-request@d.test          | -   | true  | -",
        "owner-@d.test             | -   | true  | -",
        // quoted local parts split on the unquoted form; the base is re-quoted when needed
        "\"a b+c\"@d.test          | +   | true  | \"a b\"@d.test + [c]",
        "\"a.+c\"@d.test           | +   | true  | \"a.\"@d.test + [c]"})
    void splitExtension_followsPostfix(String address, String delimiters, boolean special, String expected) {
        assertEquals(expected, split(address, delimiters, special));
    }

    @Test
    void doubleBounceSender_isTheConfiguredName() {
        MailAddress a = MailAddress.parse("bounces@d.test");
        assertEquals(Optional.empty(), a.splitExtension("u", true, "BOUNCES"));
        assertEquals("bo@d.test", a.splitExtension("u", true, "double-bounce").orElseThrow().base().toString());
    }

    @Test
    void defaults_areOwnerRequestSpecial_andDoubleBounce() {
        assertEquals(Optional.empty(), MailAddress.parse("owner-x@d.test").splitExtension("-"));
        assertEquals(Optional.empty(), MailAddress.parse("double-bounce@d.test").splitExtension("-"));
        ExtensionSplit s = MailAddress.parse("u+e@d.test").splitExtension("+").orElseThrow();
        assertEquals("+e", s.delimitedExtension());
        assertEquals(MailAddress.parse("u@D.TEST"), s.base());
    }

    @Test
    void split_keepsDomainForm_andWorksUnqualified() {
        ExtensionSplit s = MailAddress.parse("u+e@Bücher.example").splitExtension("+").orElseThrow();
        assertEquals("u@Bücher.example", s.base().toString());
        assertEquals("xn--bcher-kva.example", s.base().asciiDomain());
        ExtensionSplit r = MailAddress.parse("root+x", MailAddress.ParseOption.ALLOW_UNQUALIFIED)
                .splitExtension("+").orElseThrow();
        assertEquals("root", r.base().toString());
    }

    @Test
    void split_rejectsNullArguments() {
        MailAddress a = MailAddress.parse("u+e@d.test");
        assertThrows(NullPointerException.class, () -> a.splitExtension(null));
        assertThrows(NullPointerException.class, () -> a.splitExtension("+", true, null));
    }
}
