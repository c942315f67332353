package dev.mailroom.resolve;

import static dev.mailroom.resolve.Fixture.tokens;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Canonical rewriting and virtual alias expansion: vectors B1-B11, C1-C5 and the seeds. */
@Timeout(30)
final class VirtualAliasTest {

    @TempDir
    Path dir;

    private Resolver virtual(String content) {
        Fixture f = new Fixture(dir);
        return f.param("virtual_alias_maps", f.table("hash", "virtual", "vdom.test anything\n" + content)).resolver();
    }

    @Test
    void b1_unqualifiedResult_getsAtMyorigin() {
        Resolution r = virtual("a@vdom.test alice\n").resolve("a@vdom.test");
        assertEquals(List.of("mailbox:alice"), tokens(r));
        assertEquals("alice@mx.example.test", r.destinations().get(0).destination().recipient());
    }

    @Test
    void b2_strippedKeyHit_propagatesExtension() {
        Resolver v = virtual("b+spec@vdom.test bob\nb@vdom.test carol\n");
        assertEquals("bob@mx.example.test", v.resolve("b+spec@vdom.test").destinations().get(0).destination().recipient());
        assertEquals("carol+other@mx.example.test",
                v.resolve("b+other@vdom.test").destinations().get(0).destination().recipient());
        assertEquals(List.of("mailbox:carol"), tokens(v, "b+other@vdom.test"));
    }

    @Test
    void b3_bareLocalPartKey_onlyForLocalDomains() {
        Resolver v = virtual("c carol\n@vdom.test catchall@far.test\n");
        assertEquals(List.of("mailbox:carol"), tokens(v, "c@example.test"));
        assertEquals(List.of("relay:smtp:far.test:catchall@far.test"), tokens(v, "c@vdom.test"));
    }

    @Test
    void b4_atDomainCatchall() {
        assertEquals(List.of("relay:smtp:far.test:catchall@far.test"),
                tokens(virtual("@vdom.test catchall@far.test\n"), "zz@vdom.test"));
    }

    @Test
    void b5_atOtherdomainResult_keepsOrPropagatesExtension() {
        Resolver v = virtual("d@vdom.test @other.test\n");
        assertEquals(List.of("relay:smtp:other.test:d@other.test"), tokens(v, "d@vdom.test"));
        assertEquals(List.of("relay:smtp:other.test:d+x@other.test"), tokens(v, "d+x@vdom.test"));
    }

    @Test
    void b6_canonicalAtDomainToAtDomain_keepsExtension() {
        Fixture f = new Fixture(dir);
        Resolver r = f.param("canonical_maps", f.table("hash", "canonical", "@odom.test @other2.test\n")).resolver();
        assertEquals(List.of("relay:smtp:other2.test:y+ext@other2.test"), tokens(r, "y+ext@odom.test"));
    }

    @Test
    void b7_canonicalBareLocalPart_onlyInLocalDomains() {
        Fixture f = new Fixture(dir);
        Resolver r = f.param("canonical_maps", f.table("hash", "canonical", "cuser bob\n")).resolver();
        assertEquals(List.of("mailbox:bob"), tokens(r, "cuser@example.test"));
        assertEquals(List.of("relay:smtp:far.test:cuser@far.test"), tokens(r, "cuser@far.test"));
    }

    @Test
    void b8_canonicalMultiValued_usesFirstAndWarns() {
        Fixture f = new Fixture(dir);
        Resolver r = f.param("canonical_maps", f.table("hash", "canonical", "multi@example.test alice, bob\n"))
                .resolver();
        Resolution res = r.resolve("multi@example.test");
        assertEquals(List.of("mailbox:alice"), tokens(res));
        assertTrue(res.warnings().contains("multi-valued canonical_maps entry for multi@example.test"), res.warnings()
                .toString());
    }

    @Test
    void b9_canonicalChain_stopsAfterTenRounds() {
        Fixture f = new Fixture(dir);
        StringBuilder sb = new StringBuilder();
        for (int n = 0; n <= 11; n++) {
            sb.append("c").append(n).append("@example.test c").append(n + 1).append("@example.test\n");
        }
        f.user("c10").user("c12");
        Resolver r = f.param("canonical_maps", f.table("hash", "canonical", sb.toString())).resolver();
        Resolution res = r.resolve("c0@example.test");
        assertEquals("c10@example.test", res.destinations().get(0).destination().recipient());
        assertTrue(res.warnings().contains("unreasonable canonical_maps map nesting for c10@example.test"));
        assertEquals("c12@example.test", r.resolve("c5@example.test").destinations().get(0).destination().recipient());
    }

    @Test
    void b10_regexpTable_seesOnlyTheFullAddress() {
        Fixture f = new Fixture(dir);
        Resolver r = f.param("virtual_alias_maps", f.table("regexp", "virtual.re",
                "/^rx@example\\.test$/ alice\n/^ry$/ bob\n/^@rz\\.test$/ carol\n")).resolver();
        assertEquals(List.of("mailbox:alice"), tokens(r, "rx@example.test"));
        assertEquals(List.of("bounce:5.1.1"), tokens(r, "rx+ext@example.test"));
        assertEquals(List.of("bounce:5.1.1"), tokens(r, "ry@example.test"));
        assertEquals(List.of("relay:smtp:rz.test:q@rz.test"), tokens(r, "q@rz.test"));
    }

    @Test
    void b11_regexpSubstitution() {
        Fixture f = new Fixture(dir);
        Resolver r = f.param("virtual_alias_maps", f.table("regexp", "virtual.re",
                "/^(rw)\\+(.*)@example\\.test$/ $1-$2@far.test\n")).resolver();
        assertEquals(List.of("relay:smtp:far.test:rw-tag@far.test"), tokens(r, "rw+tag@example.test"));
    }

    @Test
    void c1_virtualLoop_defers460() {
        Resolution r = virtual("loop1@vdom.test loop2@vdom.test\nloop2@vdom.test loop1@vdom.test\n")
                .resolve("loop1@vdom.test");
        assertEquals(List.of("defer:4.6.0"), tokens(r));
        assertEquals("unreasonable virtual_alias_maps map nesting for loop1@vdom.test -- message not accepted, "
                + "try again later", ((Destination.Defer) r.destinations().get(0).destination()).text());
    }

    @Test
    void c1_expansionSizeLimit_defers460() {
        Fixture f = new Fixture(dir);
        Resolver r = f.param("virtual_alias_expansion_limit", "3").param("virtual_alias_maps",
                f.table("hash", "virtual", "big@example.test a@far.test, b@far.test, c@far.test, d@far.test\n"))
                .resolver();
        Resolution res = r.resolve("big@example.test");
        assertEquals(List.of("defer:4.6.0"), tokens(res));
        assertTrue(((Destination.Defer) res.destinations().get(0).destination()).text()
                .startsWith("unreasonable virtual_alias_maps map expansion size for big@example.test"));
    }

    @Test
    void c1_addressLengthLimit_defers460() {
        Fixture f = new Fixture(dir);
        Resolver r = f.param("virtual_alias_address_length_limit", "10").param("virtual_alias_maps",
                f.table("hash", "virtual", "long@example.test a-very-long-address@far.test\n")).resolver();
        assertEquals(List.of("defer:4.6.0"), tokens(r, "long@example.test"));
    }

    @Test
    void c2_selfReference_deliversBoth() {
        Resolver v = virtual("selfy@vdom.test selfy@vdom.test, bob@example.test\n");
        assertEquals(List.of("bounce:5.1.1", "mailbox:bob"), tokens(v, "selfy@vdom.test"));
    }

    @Test
    void c3_duplicates_removedCaseInsensitively() {
        Resolution r = virtual("multi@vdom.test alice, bob, Alice@mx.example.test\n").resolve("multi@vdom.test");
        assertEquals(List.of("mailbox:alice", "mailbox:bob"), tokens(r));
    }

    @Test
    void c4_chainIsFollowed() {
        Resolution r = virtual("chain@vdom.test a@vdom.test\na@vdom.test alice\n").resolve("chain@vdom.test");
        assertEquals(List.of("mailbox:alice"), tokens(r));
        assertEquals(2, r.destinations().get(0).explanation().stream()
                .filter(s -> s.stage().equals("virtual_alias_maps")).count());
    }

    @Test
    void c5_appendDotMydomain_dependsOnCompatibilityLevel() {
        Resolver v = virtual("nodom@vdom.test someone@nodot\n");
        assertEquals(List.of("relay:smtp:nodot:someone@nodot"), tokens(v, "nodom@vdom.test"));
        Fixture f = new Fixture(dir);
        Resolver old = f.param("compatibility_level", "0").param("virtual_alias_maps",
                f.table("hash", "virtual2", "vdom.test x\nnodom@vdom.test someone@nodot\n")).resolver();
        // at level 0, relay_domains defaults to $mydestination, whose example.test covers the subdomain
        assertEquals(List.of("relay:relay:nodot.example.test:someone@nodot.example.test"),
                tokens(old, "nodom@vdom.test"));
    }

    // ------------------------------------------------------------- seeds

    private Resolver seeds(boolean regexpFirst) {
        Fixture f = new Fixture(dir);
        String hash = f.table("hash", "virtual", """
                el.holandes.errante pepe
                el.holandes.errante@mail1.org pepe
                bartolo@gmail.com @yahoo.es
                yo yo_tambien@hotmail.com
                pepe@mail1.org pepe
                @mail1.org chismoso
                """);
        String re = f.table("regexp", "virtual.re", "/^(.*)\\.(.*@mail1\\.org)$/ $1$2\n");
        return f.param("virtual_alias_maps", regexpFirst ? re + ", " + hash : hash + ", " + re).resolver();
    }

    @Test
    void seeds_virtualTableLines() {
        Resolver r = seeds(false);
        assertEquals(List.of("mailbox:pepe"), tokens(r, "el.holandes.errante@example.test"));
        assertEquals(List.of("relay:smtp:yahoo.es:bartolo@yahoo.es"), tokens(r, "bartolo@gmail.com"));
        assertEquals(List.of("relay:smtp:hotmail.com:yo_tambien@hotmail.com"), tokens(r, "yo@mx.example.test"));
        assertEquals(List.of("mailbox:chismoso"), tokens(r, "nadie@mail1.org"));
    }

    @Test
    void seeds_regexpRemovesOneDotPerPass() {
        Resolution r = seeds(true).resolve("a.b.c@mail1.org");
        long passes = r.destinations().get(0).explanation().stream()
                .filter(s -> s.source().startsWith("regexp:")).count();
        assertEquals(2, passes);
        assertEquals(List.of("mailbox:chismoso"), tokens(r));
    }

    @Test
    void seeds_tableOrderChangesTheResult() {
        assertEquals(List.of("mailbox:pepe"), tokens(seeds(false), "el.holandes.errante@mail1.org"));
        assertEquals(List.of("mailbox:chismoso"), tokens(seeds(true), "el.holandes.errante@mail1.org"));
    }

    @Test
    void seeds_extensionsReachPepe() {
        Resolution r = seeds(false).resolve("pepe+munoz+vazquez@mail1.org");
        assertEquals(List.of("mailbox:pepe"), tokens(r));
        assertEquals("pepe+munoz+vazquez@mx.example.test", r.destinations().get(0).destination().recipient());
    }

    @Test
    void propagateUnmatchedExtensions_empty_dropsExtension() {
        Fixture f = new Fixture(dir);
        Resolver r = f.param("propagate_unmatched_extensions", "").param("virtual_alias_maps",
                f.table("hash", "virtual", "b@vdom.test carol@far.test\n")).resolver();
        assertEquals(List.of("relay:smtp:far.test:carol@far.test"), tokens(r, "b+x@vdom.test"));
    }

    @Test
    void recipientCanonical_runsBeforeCanonical() {
        Fixture f = new Fixture(dir);
        Resolver r = f.param("recipient_canonical_maps", f.table("hash", "rcanon", "x@example.test y@example.test\n"))
                .param("canonical_maps", f.table("hash", "canon", "y@example.test bob\n")).resolver();
        assertEquals(List.of("mailbox:bob"), tokens(r, "x@example.test"));
    }

    @Test
    void canonicalClasses_withoutEnvelopeRecipient_skipsCanonicalMaps() {
        Fixture f = new Fixture(dir);
        Resolver r = f.param("canonical_classes", "envelope_sender")
                .param("canonical_maps", f.table("hash", "canon", "y@example.test bob\n")).resolver();
        assertEquals(List.of("bounce:5.1.1"), tokens(r, "y@example.test"));
    }

    @Test
    void senderCanonical_rewritesSender() {
        Fixture f = new Fixture(dir);
        Resolver r = f.param("sender_canonical_maps", f.table("hash", "scanon", "alice alice.smith@example.org\n"))
                .resolver();
        assertEquals("alice.smith@example.org", r.rewriteSender("alice").address());
        assertEquals("alice.smith@example.org", r.resolve("alice", "bob").sender());
    }

    @Test
    void appendAtMyorigin_off_leavesUnqualifiedLocal() {
        Fixture f = new Fixture(dir);
        Resolution r = f.param("append_at_myorigin", "no").resolver().resolve("bob");
        assertEquals(List.of("mailbox:bob"), tokens(r));
        assertEquals("bob", r.destinations().get(0).destination().recipient());
    }

    @Test
    void genericMaps_applyOnceAndOnlyOutbound() {
        Fixture f = new Fixture(dir);
        Resolver r = f.param("smtp_generic_maps", f.table("hash", "generic",
                "alice@example.test alice@isp.example\n@isp.example x@far.test, y@far.test\n")).resolver();
        assertEquals("alice@isp.example", r.rewriteGeneric("alice@example.test").address());
        Rewrite multi = r.rewriteGeneric("z@isp.example");
        assertEquals("x@far.test", multi.address());
        assertEquals(List.of("multi-valued smtp_generic_maps entry for z@isp.example"), multi.warnings());
        assertEquals(List.of("mailbox:alice"), tokens(r, "alice@example.test"));
    }

    @Test
    void nullRecipient_becomesMailerDaemon() {
        Resolution r = new Fixture(dir).param("local_recipient_maps", "").resolver().resolve("");
        assertEquals(List.of("discarded:2.0.0"), tokens(r));
        assertEquals("MAILER-DAEMON@mx.example.test", r.destinations().get(0).destination().recipient());
    }
}
