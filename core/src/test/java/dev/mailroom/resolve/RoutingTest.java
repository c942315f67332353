package dev.mailroom.resolve;

import static dev.mailroom.resolve.Fixture.tokens;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailroom.config.ConfigException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Address classes, transport_maps, sender-dependent maps, relocated_maps, errors; B15-B25. */
@Timeout(30)
final class RoutingTest {

    @TempDir
    Path dir;

    private Resolver transport(String content, String... params) {
        Fixture f = new Fixture(dir);
        f.param("default_transport", "discard:default-nexthop");
        for (int i = 0; i < params.length; i += 2) {
            f.param(params[i], params[i + 1]);
        }
        return f.param("transport_maps", f.table("hash", "transport", content)).resolver();
    }

    @Test
    void b15_exactAddress_alsoWithExtensionAndCase() {
        Resolver r = transport("exact@t.test discard:exact-addr\n");
        assertEquals(List.of("relay:discard:exact-addr:exact@t.test"), tokens(r, "exact@t.test"));
        assertEquals(List.of("relay:discard:exact-addr:exact+ext@t.test"), tokens(r, "exact+ext@t.test"));
        assertEquals(List.of("relay:discard:exact-addr:exact@T.TEST"), tokens(r, "exact@T.TEST"));
    }

    @Test
    void b16_domainThenDotParent() {
        Resolver r = transport("t.test discard:domain-t\n.t.test discard:dot-subdomain-t\n");
        assertEquals(List.of("relay:discard:domain-t:other@t.test"), tokens(r, "other@t.test"));
        assertEquals(List.of("relay:discard:dot-subdomain-t:a@x.sub.t.test"), tokens(r, "a@x.sub.t.test"));
    }

    @Test
    void b17_parentMatchOnlyWhenListed() {
        assertEquals(List.of("relay:discard:default-nexthop:a@x.sub.t.test"),
                tokens(transport("t.test discard:domain-t\n"), "a@x.sub.t.test"));
        assertEquals(List.of("relay:discard:domain-t:a@x.sub.t.test"), tokens(transport("t.test discard:domain-t\n",
                "parent_domain_matches_subdomains", "transport_maps"), "a@x.sub.t.test"));
    }

    @Test
    void b18_colonAlone_changesNothing() {
        assertEquals(List.of("relay:discard:default-nexthop:a@sub2.t.test"),
                tokens(transport("sub2.t.test :\n"), "a@sub2.t.test"));
    }

    @Test
    void b19_nexthopOnly_keepsTransport() {
        assertEquals(List.of("relay:discard:[override.host]:a@noxp.test"),
                tokens(transport("noxp.test :[override.host]\n"), "a@noxp.test"));
    }

    @Test
    void b20_transportOnly_resetsNexthopToDomain() {
        assertEquals(List.of("relay:discard:chan.test:a@chan.test"),
                tokens(transport("chan.test discard\n"), "a@chan.test"));
    }

    @Test
    void b21_errorTransport_bouncesWithItsStatus() {
        Resolution r = transport("err.test error:5.1.1 custom error text\n").resolve("a@err.test");
        assertEquals(List.of("bounce:5.1.1"), tokens(r));
        assertEquals("custom error text", ((Destination.Bounce) r.destinations().get(0).destination()).text());
    }

    @Test
    void b22_wildcard() {
        assertEquals(List.of("relay:discard:wildcard:a@random.test"),
                tokens(transport("* discard:wildcard\n"), "a@random.test"));
    }

    @Test
    void b23_senderDependentRelayhost() {
        Fixture f = new Fixture(dir);
        f.param("relayhost", "[relay.example]:587").param("sender_dependent_relayhost_maps", f.table("hash", "sdrh", """
                alice@example.test [alice-relay]:2525
                @sdom.test sdom-relay
                <> [null-relay]
                dunno@example.test DUNNO
                carol [carol-relay]
                """));
        Resolver r = f.resolver();
        String[][] cases = {
            {"alice@example.test", "[alice-relay]:2525"}, {"alice+ext@example.test", "[alice-relay]:2525"},
            {"bob@sdom.test", "sdom-relay"}, {"bob@example.test", "[relay.example]:587"},
            {"dunno@example.test", "[relay.example]:587"}, {"<>", "[null-relay]"},
            {"CAROL@Example.TEST", "[carol-relay]"}, {"carol@far.test", "[relay.example]:587"},
        };
        for (String[] c : cases) {
            assertEquals(List.of("relay:smtp:" + c[1] + ":x@far.test"), tokens(r.resolve(c[0], "x@far.test")), c[0]);
        }
    }

    @Test
    void b24_senderDependentDefaultTransport_nexthopBeatsRelayhost() {
        Fixture f = new Fixture(dir);
        f.param("relayhost", "[relay.example]").param("sender_dependent_default_transport_maps",
                f.table("hash", "sddt", "@xport.test discard:xport-nexthop\n"));
        Resolver r = f.resolver();
        assertEquals(List.of("relay:discard:xport-nexthop:x@far.test"), tokens(r.resolve("me@xport.test", "x@far.test")));
        assertEquals(List.of("relay:smtp:[relay.example]:x@far.test"), tokens(r.resolve("me@other.test", "x@far.test")));
    }

    @Test
    void b25_relayDomains_relayTransport() {
        Fixture f = new Fixture(dir).param("relay_domains", "rel.test").param("relayhost", "[relay.example]");
        assertEquals(List.of("relay:discard:relay-nexthop:x@rel.test"),
                tokens(f.param("relay_transport", "discard:relay-nexthop").resolver(), "x@rel.test"));
        Fixture g = new Fixture(dir).param("relay_domains", "rel.test").param("relayhost", "[relay.example]")
                .param("relay_transport", "discard");
        assertEquals(List.of("relay:discard:[relay.example]:x@rel.test"), tokens(g.resolver(), "x@rel.test"));
    }

    @Test
    void localClass_interfaceLiteralAndLocalhost() {
        Resolver r = new Fixture(dir).resolver();
        assertEquals(List.of("mailbox:bob"), tokens(r, "bob@[192.0.2.10]"));
        assertEquals(List.of("mailbox:bob"), tokens(r, "bob@localhost.example.test"));
        assertEquals(List.of("relay:smtp:[192.0.2.99]:bob@[192.0.2.99]"), tokens(r, "bob@[192.0.2.99]"));
    }

    @Test
    void localTransportOverriddenByTransportMaps_relays() {
        Resolver r = transport("example.test lmtp:unix:private/dovecot\n");
        assertEquals(List.of("relay:lmtp:unix:private/dovecot:bob@example.test"), tokens(r, "bob@example.test"));
    }

    @Test
    void virtualMailbox_pathAndUnknownUser() {
        Fixture f = new Fixture(dir);
        f.param("virtual_mailbox_domains", "vmail.test").param("virtual_mailbox_base", "/var/vmail")
                .param("virtual_mailbox_maps", f.table("hash", "vmailbox", "info@vmail.test vmail.test/info/\n"
                        + "box@vmail.test vmail.test/box\n"));
        Resolver r = f.resolver();
        Resolution md = r.resolve("info@vmail.test");
        assertEquals(List.of("maildir:vmail.test/info/"), tokens(md));
        assertEquals("/var/vmail/vmail.test/info/",
                ((Destination.VirtualMailbox) md.destinations().get(0).destination()).path());
        assertEquals(List.of("mbox:vmail.test/box"), tokens(r, "box@vmail.test"));
        assertEquals(List.of("bounce:5.1.1"), tokens(r, "nobody@vmail.test"));
    }

    @Test
    void virtualAliasDomain_unknownUser_bounces511() {
        Fixture f = new Fixture(dir);
        f.param("virtual_alias_domains", "valias.test")
                .param("virtual_alias_maps", f.table("hash", "virtual", "info@valias.test bob\n"));
        Resolver r = f.resolver();
        assertEquals(List.of("mailbox:bob"), tokens(r, "info@valias.test"));
        Resolution u = r.resolve("x@valias.test");
        assertEquals(List.of("bounce:5.1.1"), tokens(u));
        assertEquals("User unknown in virtual alias table",
                ((Destination.Bounce) u.destinations().get(0).destination()).text());
    }

    @Test
    void relocated_bounces516() {
        Fixture f = new Fixture(dir);
        f.param("relocated_maps", f.table("hash", "relocated", "old@example.test new@example.org\n"));
        Resolution r = f.resolver().resolve("old@example.test");
        assertEquals(List.of("bounce:5.1.6"), tokens(r));
        assertEquals("User has moved to new@example.org",
                ((Destination.Bounce) r.destinations().get(0).destination()).text());
    }

    @Test
    void missingTable_defersWithTheOpenError() {
        Fixture f = new Fixture(dir).param("virtual_alias_maps", "hash:" + dir.resolve("nonexistent"));
        Resolution r = f.resolver().resolve("bob@example.test");
        assertEquals(List.of("defer:4.3.0"), tokens(r));
        String text = ((Destination.Defer) r.destinations().get(0).destination()).text();
        assertTrue(text.contains("nonexistent"), text);
    }

    @Test
    void failingTable_defers() {
        Resolution r = new Fixture(dir).param("transport_maps", "fail:broken").resolver().resolve("bob@far.test");
        assertEquals(List.of("defer:4.3.0"), tokens(r));
        assertTrue(((Destination.Defer) r.destinations().get(0).destination()).text().startsWith("transport_maps"));
    }

    @Test
    void unsupportedTableType_defersOnlyWhereUsed() {
        Resolver r = new Fixture(dir).param("relocated_maps", "nosuchtype:x").resolver();
        Resolution res = r.resolve("bob@example.test");
        assertEquals(List.of("defer:4.3.0"), tokens(res));
        assertTrue(res.delivered() == false);
    }

    @Test
    void badBoolean_isAConfigurationError() {
        Fixture f = new Fixture(dir).param("append_at_myorigin", "maybe");
        ConfigException e = assertThrows(ConfigException.class, f::resolver);
        assertTrue(e.getMessage().contains("append_at_myorigin"), e.getMessage());
    }

    @Test
    void explanation_namesParameterLines() {
        Resolution r = transport("far.test smtp:[mx.far.test]\n").resolve("x@far.test");
        List<Step> steps = r.destinations().get(0).explanation();
        assertTrue(steps.stream().anyMatch(s -> s.stage().equals("transport_maps") && s.key().equals("far.test")
                && s.result().equals("smtp:[mx.far.test]")), steps.toString());
        assertTrue(steps.stream().anyMatch(s -> s.result().contains("main.cf, line")), steps.toString());
        assertTrue(steps.stream().anyMatch(s -> s.source().equals("hash:" + dir.resolve("transport") + ", line 1")),
                steps.toString());
    }

    @Test
    void explainOff_sameDestinations_noSteps() throws Exception {
        Fixture f = new Fixture(dir);
        f.param("virtual_alias_maps", f.table("hash", "virtual", "a@far.test bob, carol@x.test\n"));
        Resolver on = f.resolver();
        Resolver off = Resolver.builder(dev.mailroom.config.MainConfig.load(dir,
                dev.mailroom.config.PostfixDefaults.postfix37(Fixture.FACTS))).users(UserDatabase.of(
                        new UserDatabase.User("bob", 1, 1, "/nonexistent", "/bin/sh"))).machine(Fixture.FACTS)
                .explain(false).build();
        Resolution a = on.resolve("a@far.test");
        Resolution b = off.resolve("a@far.test");
        assertEquals(tokens(a), tokens(b));
        assertTrue(b.destinations().stream().allMatch(d -> d.explanation().isEmpty()));
        assertTrue(a.destinations().stream().noneMatch(d -> d.explanation().isEmpty()));
    }

    @Test
    void regexpTransportMap_seesOnlyTheFullAddressAndWildcard() {
        Fixture f = new Fixture(dir).param("default_transport", "discard:default-nexthop");
        f.param("transport_maps", f.table("regexp", "transport.re",
                "/^far\\.test$/ discard:domain-form\n/^a@far\\.test$/ discard:address-form\n"));
        Resolver r = f.resolver();
        assertEquals(List.of("relay:discard:address-form:a@far.test"), tokens(r, "a@far.test"));
        assertEquals(List.of("relay:discard:default-nexthop:b@far.test"), tokens(r, "b@far.test"));
    }
}
