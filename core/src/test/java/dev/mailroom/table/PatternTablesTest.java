package dev.mailroom.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Vectors A10-A31 and A39-A40: regexp, pcre and cidr tables. */
@Timeout(10)
final class PatternTablesTest {

    @TempDir
    Path dir;

    @Test
    void regexp_isCaseInsensitiveByDefault_andKeepsCaseInGroups() throws IOException {
        TableTestSupport t = new TableTestSupport(dir);
        LookupTable r = t.open("regexp", "re", "/^(.*)@Example\\.com$/   ${1}+ex@other.test\n/^CASE@sens$/i  hit\n");
        assertTrue(r.isPattern());
        assertEquals("USER+ex@other.test", r.get("USER@example.COM"));
        assertEquals("hit", r.get("CASE@sens"));
        assertNull(r.get("case@sens"));
    }

    @Test
    void regexp_substitutes_emptyGroupsDollarsAndAllReferenceForms() throws IOException {
        TableTestSupport t = new TableTestSupport(dir);
        LookupTable r = t.open("regexp", "re", "/^abc(x*)def$/  got[$1]\n/^dollar$/  cost $$5\n"
                + "/^ws(.*)$/   $1 trailing  \n/^(o)ther2$/ ${1}ok$(1)\n");
        assertEquals("got[]", r.get("abcdef"));
        assertEquals("got[xx]", r.get("abcxxdef"));
        assertEquals("cost $5", r.get("dollar"));
        assertEquals("X trailing", r.get("wsX"));
        assertEquals("ooko", r.get("other2"));
        assertEquals(List.of(), t.warnings());
    }

    @Test
    void regexp_ifEndif_andNegation() throws IOException {
        TableTestSupport t = new TableTestSupport(dir);
        LookupTable r = t.open("regexp", "re", "if /@sub\\./\n/^(b)@(.*)$/ $2 $1\nendif\n"
                + "/^neg$/!/x/ neg-second\n/^negx$/!/x/ neg-second-x\n"
                + "if !/^skip/\n/^skipme$/ never\n/^other$/ inside\nendif\n");
        assertEquals("sub.x B", r.get("B@sub.x"));
        assertEquals("neg-second", r.get("neg"));
        assertNull(r.get("negx"));
        assertNull(r.get("skipme"));
        assertEquals("inside", r.get("other"));
    }

    @Test
    void regexp_xFlagSwitchesToBasicSyntax() throws IOException {
        TableTestSupport t = new TableTestSupport(dir);
        LookupTable r = t.open("regexp", "re", "/a+b/x  bre\n/a+b/ ere\n/^\\(y\\)*z\\{2\\}$/x yz\n");
        assertEquals("bre", r.get("a+b"));
        assertEquals("ere", r.get("aab"));
        assertEquals("yz", r.get("yyzz"));
    }

    @Test
    void regexp_unclosedIf_stopsTheLookupWhenItsConditionFails() throws IOException {
        TableTestSupport t = new TableTestSupport(dir);
        LookupTable r = t.open("regexp", "re", "if /^a/\n/b$/ ab\n");
        assertEquals("ab", r.get("ab"));
        assertNull(r.get("xb"));
        assertEquals(List.of("regexp map re, line 1: IF has no matching ENDIF"), t.warnings());
    }

    @Test
    void regexp_warnsAndSkipsBadRules_withPostfixWording() throws IOException {
        TableTestSupport t = new TableTestSupport(dir);
        LookupTable r = t.open("regexp", "re", String.join("\n", "/^bad(/ x", "/^badidx(a)$/  $2", "/^nonnum$/ $foo",
                "/^x$/q bad", "hello unrecognized", "/^unclosed  x", "endif", "!/^neg2/ $1", "/^noresult$/",
                "/^zero(a)$/ $0", "/^sp$/ $ x", "/^un$/ ${1", "/^ok$/ fine", ""));
        assertEquals(List.of(
                "regexp map re, line 1: Unmatched ( or \\(",
                "regexp map re, line 2: out of range replacement index \"2\": skipping this rule",
                "regexp map re, line 3: non-numeric replacement index \"foo\"",
                "regexp map re, line 3: bad replacement syntax: skipping this rule",
                "regexp map re, line 4: unknown regexp option \"q\": skipping this rule",
                "regexp map re, line 5: ignoring unrecognized request",
                "regexp map re, line 6: no closing regexp delimiter \"/\": skipping this rule",
                "regexp map re, line 7: ignoring ENDIF without matching IF",
                "regexp map re, line 8: $number found in negative match replacement text: skipping this rule",
                "regexp map re, line 9: no replacement text: using empty string",
                "regexp map re, line 10: out-of-range replacement index \"0\"",
                "regexp map re, line 10: bad replacement syntax: skipping this rule",
                "empty macro name: \"$ x\"",
                "regexp map re, line 11: bad replacement syntax: skipping this rule",
                "truncated macro reference: \"${1\"",
                "regexp map re, line 12: bad replacement syntax: skipping this rule"), t.warnings());
        assertEquals("", r.get("noresult"));
        assertEquals("fine", r.get("ok"));
        assertNull(r.get("badidxa"));
    }

    @Test
    void regexp_refusesSubstitution_whenNotAllowed() throws IOException {
        TableTestSupport t = new TableTestSupport(dir);
        LookupTable r = LookupTables.open("regexp:" + t.write("re", "/^(a)$/ $1\n/^b$/ plain\n"),
                t.options().regexSubstitution(false).build());
        assertNull(r.get("a"));
        assertEquals("plain", r.get("b"));
        assertEquals(List.of("regexp map re, line 1: regular expression substitution is not allowed: skipping this rule"),
                t.warnings());
    }

    @Test
    void regexp_translatesPosixBracketsAndBackslashes() throws IOException {
        TableTestSupport t = new TableTestSupport(dir);
        LookupTable r = t.open("regexp", "re", String.join("\n",
                "/^([[:alpha:]]+)-([[:digit:]]{2,3})$/ cls[$1][$2]",
                "/^[]x]+$/ bracket",
                "/^\\d$/ never-a-digit",
                "/^\\D$/ upper-escape",
                "/^a\\.b$/ dot",
                "/^.$/ onebyte",
                "/^..$/ twobytes", ""));
        assertEquals("cls[abc][123]", r.get("abc-123"));
        assertNull(r.get("abc-1"));
        assertEquals("bracket", r.get("]x]"));
        assertEquals("onebyte", r.get("5"), "\\d is a literal d, and under REG_ICASE glibc never matches it");
        assertEquals("upper-escape", r.get("d"));
        assertEquals("dot", r.get("a.b"));
        assertEquals("twobytes", r.get("é"), "glibc in the C locale sees UTF-8 bytes");
    }

    @Test
    void regexp_rangesUnderIcase_useUpperCaseEndPoints_asGlibc() throws IOException {
        TableTestSupport t = new TableTestSupport(dir);
        LookupTable r = t.open("regexp", "re", "/^[0-z]$/ zero-to-z\n/^[a-Z]$/ a-to-Z\n/^[Z-a]$/ invalid\n/./ other\n");
        assertEquals("zero-to-z", r.get("q"));
        assertEquals("other", r.get("_"), "[0-z] is [0-Z] under REG_ICASE");
        assertEquals(List.of("regexp map re, line 3: Invalid range end"), t.warnings());
    }

    @Test
    void regexp_takesTheLongestMatch_thenFirstAlternatives_asGlibc() throws IOException {
        TableTestSupport t = new TableTestSupport(dir);
        LookupTable r = t.open("regexp", "re", "/(a|ab)(c|bcd)(d*)/ [$1][$2][$3]\n/x(a|ab)/ [$1]\n");
        assertEquals("[a][bcd][]", r.get("abcd"));
        assertEquals("[ab]", r.get("xab"), "POSIX: the longest overall match, not Java's first alternative");
    }

    @Test
    void regexp_mFlag_makesAnchorsMatchAtNewlines_andStopsDotAtThem() throws IOException {
        TableTestSupport t = new TableTestSupport(dir);
        LookupTable r = t.open("regexp", "re", "/^b$/m line-b\n/^(a|b)*$/m loop[$1]\n");
        assertEquals("line-b", r.get("a\nb"));
        assertEquals("loop[b]", r.get("ab\nc"));
        assertNull(r.get("x\nz"));
        assertEquals("dot", t.open("regexp", "re2", "/a.b/ dot\n/a[^x]b/m never\n").get("a\nb"));
        assertNull(t.open("regexp", "re3", "/a.b/m nodot\n/a[^x]b/m never\n").get("a\nb"));
    }

    @Test
    void regexp_inlineForm_readsBracedRules() throws TableException {
        LookupTable r = LookupTables.open("regexp:{ {/^a(.)$/ got $1}, {/^b/ bee} }",
                TableOptions.builder().warnings(w -> { }).build());
        assertEquals("got x", r.get("ax"));
        assertEquals("bee", r.get("bzz"));
    }

    @Test
    void pcre_hasItsOwnDefaultsFlagsAndMessages() throws IOException {
        TableTestSupport t = new TableTestSupport(dir);
        LookupTable p = t.open("pcre", "pc", String.join("\n", "/(unclosed/ x", "/^(a)$/ $0", "/^neg$/!/x/ r",
                "/^Up$/ upper", "/^cs$/i cs", "/^q(x+)/U q[$1]", "/^a.b$/ dot", "/^(?<nm>z)$/ $1", ""));
        assertEquals(List.of(
                "pcre map pc, line 1: error in regex at offset 9: missing closing parenthesis",
                "pcre map pc, line 2: out of range replacement index \"0\"",
                "pcre map pc, line 2: bad replacement syntax: skipping this rule",
                "pcre map pc, line 3: unknown regexp option \"!\": skipping this rule"), t.warnings());
        assertEquals("upper", p.get("UP"));
        assertNull(p.get("CS"));
        assertEquals("cs", p.get("cs"));
        assertEquals("q[x]", p.get("qxxx"), "U makes x+ lazy");
        assertEquals("dot", p.get("a\nb"), "DOTALL is on by default");
        assertEquals("z", p.get("z"));
    }

    @Test
    void cidr_matchesIpv4AndIpv6_andNeverMatchesNonAddresses() throws IOException {
        TableTestSupport t = new TableTestSupport(dir);
        LookupTable c = t.open("cidr", "ci", String.join("\n", "192.168.1.0/24 lan", "10.0.0.1 host10",
                "[2001:db8::]/32 v6", "!10.0.0.0/8 not-ten", "if 10.2.0.0/16", "10.2.3.0/24 t23", "endif",
                "10.0.0.0/8 ten", "::ffff:10.0.0.0/104 mapped", ""));
        assertEquals("lan", c.get("192.168.1.77"));
        assertEquals("host10", c.get("10.0.0.1"));
        assertEquals("v6", c.get("2001:DB8:0:0::1"));
        assertNull(c.get("[2001:db8::5]"));
        assertEquals("not-ten", c.get("8.8.8.8"));
        assertEquals("t23", c.get("10.2.3.4"));
        assertEquals("ten", c.get("10.2.9.9"));
        assertNull(c.get("010.0.0.1"));
        assertNull(c.get("foo"));
        assertEquals("mapped", c.get("::ffff:10.1.2.3"));
        assertEquals(List.of(), t.warnings());
    }

    @Test
    void cidr_warnsAndSkipsBadRules() throws IOException {
        TableTestSupport t = new TableTestSupport(dir);
        t.open("cidr", "ci", String.join("\n", "10.1.2.3/8 bad", "10.0.0.0/33 bad2", "x bad3", "1.2.3.4",
                "2001:db8::1/32 r", "10.0.0.0/8x r", ""));
        assertEquals(List.of(
                "cidr map ci, line 1: non-null host address bits in \"10.1.2.3/8\", perhaps you should use \"10.0.0.0/8\" instead: skipping this rule",
                "cidr map ci, line 2: bad mask length in \"10.0.0.0/33\": skipping this rule",
                "cidr map ci, line 3: bad address pattern: \"x\": skipping this rule",
                "cidr map ci, line 4: no lookup result: skipping this rule",
                "cidr map ci, line 5: non-null host address bits in \"2001:db8::1/32\", perhaps you should use \"2001:db8::/32\" instead: skipping this rule",
                "cidr map ci, line 6: bad mask value in \"10.0.0.0/8x\": skipping this rule"), t.warnings());
    }
}
