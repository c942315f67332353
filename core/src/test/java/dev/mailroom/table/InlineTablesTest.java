package dev.mailroom.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Vectors A32-A38: inline, static, unionmap, pipemap, fail. */
@Timeout(10)
final class InlineTablesTest {

    private static LookupTable open(String spec) throws TableException {
        return LookupTables.open(spec, TableOptions.builder().warnings(w -> { }).build());
    }

    @Test
    void inline_lastDuplicateWins() throws TableException {
        assertEquals("second", open("inline:{foo=bar, foo=second}").get("foo"));
    }

    @Test
    void inline_bracedElements_allowSpacesAndCommas() throws TableException {
        assertEquals("b", open("inline:{ {a = b } }").get("a"));
        assertEquals("a, b", open("inline:{ { x = a, b } }").get("x"));
        LookupTable quoted = open("inline:{ {\"k s\" = v w} }");
        assertEquals("v w", quoted.get("\"k s\""));
        assertNull(quoted.get("k s"));
    }

    @Test
    void inline_rejectsMalformedSpecs_withPostfixWording() {
        assertEquals("missing '=' after attribute name: \"inline:{foo=bar, Baz = qux}\"; need \"inline:{name=value...}\"",
                assertThrows(TableException.class, () -> open("inline:{foo=bar, Baz = qux}")).getMessage());
        assertEquals("bad syntax: \"inline:{}\"; need \"inline:{name=value...}\"",
                assertThrows(TableException.class, () -> open("inline:{}")).getMessage());
        assertEquals("missing '=' after attribute name: \"inline:{x}\"; need \"inline:{name=value...}\"",
                assertThrows(TableException.class, () -> open("inline:{x}")).getMessage());
        assertEquals("bad syntax: \"inline:{a=b\"; need \"inline:{name=value...}\"",
                assertThrows(TableException.class, () -> open("inline:{a=b")).getMessage());
    }

    @Test
    void inline_foldsKeys() throws TableException {
        assertEquals("v", open("inline:{k=v}").get("K"));
        assertEquals("hit", open("inline:{user@ex.com=hit}").get("user@EX.com"));
    }

    @Test
    void static_returnsItsValueForEveryKey() throws TableException {
        assertEquals("smtp:[relay]:25", open("static:smtp:[relay]:25").get("anything"));
        assertEquals("a b c", open("static:{ a b c }").get(""));
        assertEquals("bad static:name syntax: missing '}' in \"{a\"",
                assertThrows(TableException.class, () -> open("static:{a")).getMessage());
    }

    @Test
    void unionmap_joinsEveryHit() throws TableException {
        LookupTable u = open("unionmap:{inline:{k=a}, inline:{k=b}, inline:{j=c}}");
        assertEquals("a,b", u.get("k"));
        assertNull(open("unionmap:{inline:{k=a}, inline:{k=b}}").get("j"));
        assertEquals("bad syntax: \"unionmap:{}\"; need \"unionmap:{type:name...}\"",
                assertThrows(TableException.class, () -> open("unionmap:{}")).getMessage());
    }

    @Test
    void pipemap_feedsEachResultToTheNextTable() throws TableException {
        assertEquals("b", open("pipemap:{inline:{k=a}, inline:{a=b}}").get("k"));
        assertNull(open("pipemap:{inline:{k=a}, inline:{x=b}}").get("k"));
    }

    @Test
    void fail_failsEveryLookup_andPoisonsAUnion() throws TableException {
        assertThrows(TableException.class, () -> open("fail:x").get("k"));
        assertThrows(TableException.class, () -> open("unionmap:{inline:{k=a}, fail:x}").get("k"));
    }
}
