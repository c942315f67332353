package dev.mailroom.resolve.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link Addr}'s kept forms equal what splitting the text afresh gives: the forms it derives
 * from one another (quoted keys from the local part's dot-atom test) included.
 */
@Timeout(10)
final class AddrTest {

    private static final List<String> ADDRESSES = List.of(
            "user@example.test", "User+Tag@EXAMPLE.test", "a.b+c@d", "a.+ext@d", "a+.b@d", ".a+b@d",
            "\"odd name\"@d", "odd name+ext@d", "x+y+z@d", "+lead@d", "postmaster+x@d", "owner-list@d",
            "list-request@d", "plain", "plain+ext", "ŞTRAßE+x@d", "quote\"d+x@d", "a..b+c@d", "a@b@c", "", "@d");

    private static Addr addr(String text, String delimiters) {
        return new Addr(text, new Addr.Rules(delimiters, true, "double-bounce", new Interner(8)));
    }

    @Test
    void keptForms_equalTheFormsComputedFromTheText() {
        for (String delimiters : List.of("+", "+-", "")) {
            for (String text : ADDRESSES) {
                Addr a = addr(text, delimiters);
                String why = text + " with delimiters '" + delimiters + "'";
                int at = text.lastIndexOf('@');
                String local = at < 0 ? text : text.substring(0, at);
                String domainPart = at < 0 ? "" : text.substring(at);
                int split = AddressText.splitAt(local, delimiters, true, "double-bounce");
                assertEquals(at, a.at, why);
                assertEquals(split, a.split(), why);
                assertEquals(local, a.local(), why);
                assertEquals(at < 0 ? "" : text.substring(at + 1), a.domain(), why);
                assertEquals(AddressText.fold(at < 0 ? "" : text.substring(at + 1)), a.foldedDomain(), why);
                String q = AddressText.quoteLocal(local);
                assertEquals(q, a.quotedLocal(), why);
                assertEquals(q + domainPart, a.quotedAddress(), why);
                if (at >= 0) {
                    assertEquals(domainPart, a.atDomain(), why);
                }
                if (split >= 0) {
                    String base = local.substring(0, split);
                    assertEquals(base, a.base(), why);
                    assertEquals(AddressText.quoteLocal(base), a.quotedBase(), why);
                    assertEquals(base + domainPart, a.baseAddress(), why);
                    assertEquals(AddressText.quoteLocal(base) + domainPart, a.quotedBaseAddress(), why);
                }
                String folded = AddressText.fold(local);
                int fs = AddressText.splitAt(folded, delimiters, true, "double-bounce");
                String user = fs < 0 ? folded : folded.substring(0, fs);
                assertEquals(folded, a.foldedLocal(), why);
                assertEquals(user, a.user(), why);
                assertEquals(AddressText.quoteLocal(folded), a.quotedFoldedLocal(), why);
                assertEquals(AddressText.quoteLocal(user), a.quotedUser(), why);
                assertEquals("owner-" + user, a.ownerKey(true), why);
                assertEquals("owner-" + folded, a.ownerKey(false), why);
                if (fs < 0) {
                    assertNull(a.extension(), why);
                    assertEquals("", a.delimiter(), why);
                } else {
                    assertEquals(folded.substring(fs + 1), a.extension(), why);
                    assertEquals(String.valueOf(folded.charAt(fs)), a.delimiter(), why);
                }
            }
        }
    }

    @Test
    void domains_areKeptAcrossAddresses_andEqualTheirText() {
        Interner domains = new Interner(8);
        Addr.Rules rules = new Addr.Rules("+", true, "double-bounce", domains);
        Addr a = new Addr("a@Example.Test", rules);
        Addr b = new Addr("b@Example.Test", rules);
        assertSame(a.domainInfo(), b.domainInfo());
        assertSame(a.atDomain(), b.atDomain());
        assertEquals("example.test", b.foldedDomain());
        // another domain in the same slot replaces it; the answer stays right
        for (int i = 0; i < 100; i++) {
            assertEquals("d" + i + ".test", new Addr("x@d" + i + ".test", rules).domain());
        }
        assertEquals("@Example.Test", new Addr("c@Example.Test", rules).atDomain());
    }
}
