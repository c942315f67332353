package dev.mailroom.resolve.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mailroom.table.TableException;
import java.util.List;
import org.junit.jupiter.api.Test;

final class DomainListTest {

    private static DomainList list(boolean parents, String... items) {
        List<DomainList.Element> elements = new java.util.ArrayList<>();
        for (String i : items) {
            boolean neg = i.startsWith("!");
            elements.add(new DomainList.Element(neg, AddressText.fold(neg ? i.substring(1) : i), null));
        }
        return new DomainList("test_domains", elements, parents);
    }

    @Test
    void match_firstElementWins_withNegationsDotsAndParents() throws TableException {
        DomainList l = list(true, "!bad.example.com", "example.com", ".dotted.org");
        assertEquals("", l.match("bad.example.com"));
        assertEquals("example.com", l.match("EXAMPLE.com"));
        assertEquals("example.com", l.match("mx.example.com"));
        assertEquals(".dotted.org", l.match("a.dotted.org"));
        assertEquals("", l.match("dotted.org"));
        assertEquals("", l.match("example.net"));
    }

    @Test
    void match_withoutParentMatching_needsExactOrDottedPattern() throws TableException {
        DomainList l = list(false, "example.com", ".dotted.org");
        assertEquals("", l.match("mx.example.com"));
        assertEquals("example.com", l.match("example.com"));
        assertEquals(".dotted.org", l.match("x.dotted.org"));
    }

    @Test
    void matchInAddress_givesTheAnswerOfTheDomainAlone_whateverWasAskedBefore() throws TableException {
        DomainList l = list(true, "!bad.example.com", "example.com", "localhost");
        String[] addresses = {"a@example.com", "b@bad.example.com", "c@example.com", "d@example.co",
            "e@xample.com", "f@example.comm", "g@localhost", "h@LOCALHOST", "i@bad.example.com", "j@example.com"};
        for (int round = 0; round < 2; round++) {
            for (String a : addresses) {
                int from = a.indexOf('@') + 1;
                assertEquals(list(true, "!bad.example.com", "example.com", "localhost").match(a.substring(from)),
                        l.match(a, from), a);
                assertEquals(l.match(a.substring(from)), l.match(a, from), a);
            }
        }
    }
}
