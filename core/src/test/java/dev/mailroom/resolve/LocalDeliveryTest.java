package dev.mailroom.resolve;

import static dev.mailroom.resolve.Fixture.tokens;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** local(8): aliases, .forward, :include:, commands, files, mailbox; vectors C6-C12, B12-B14. */
@Timeout(30)
final class LocalDeliveryTest {

    @TempDir
    Path dir;

    private Fixture withAliases(String content) {
        Fixture f = new Fixture(dir);
        return f.param("alias_maps", f.table("hash", "aliases", content));
    }

    @Test
    void seed_postmasterToRootToUsuario() {
        Resolution r = withAliases("postmaster: root\nroot: usuario\n").resolver().resolve("postmaster@example.test");
        assertEquals(List.of("mailbox:usuario"), tokens(r));
        assertEquals(2, r.destinations().get(0).explanation().stream().filter(s -> s.stage().equals("alias_maps"))
                .count());
    }

    @Test
    void b12_aliasNamesFoldCase() {
        Resolver r = withAliases("Root: Alice\n").resolver();
        assertEquals(List.of("mailbox:alice"), tokens(r, "ROOT@example.test"));
    }

    @Test
    void b13_continuationLines() {
        assertEquals(List.of("mailbox:alice", "mailbox:bob", "mailbox:carol"),
                tokens(withAliases("team:alice,bob,\n    carol\n").resolver(), "team@example.test"));
    }

    @Test
    void b14_quotedAliasName() {
        Fixture f = withAliases("\"odd name\": dave\n").param("local_recipient_maps", "");
        assertEquals(List.of("mailbox:dave"), tokens(f.resolver(), "\"odd name\"@example.test"));
    }

    @Test
    void c6_aliasLoop_bouncesAndDeliversOtherMemberOnce() {
        Resolution r = withAliases("loopa: loopb\nloopb: loopa, carol\n").resolver().resolve("loopa@example.test");
        assertEquals(List.of("bounce:5.4.6", "mailbox:carol"), tokens(r));
        assertEquals("alias database loop for loopb",
                ((Destination.Bounce) r.destinations().get(0).destination()).text());
    }

    @Test
    void c7_aliasListingItself_deliversToTheUser() {
        Resolution r = withAliases("self: self, bob\n").resolver().resolve("self@example.test");
        assertEquals(List.of("bounce:5.1.1", "mailbox:bob"), tokens(r));
        assertEquals("unknown user: \"self\"", ((Destination.Bounce) r.destinations().get(0).destination()).text());
        Resolution alice = withAliases("alice: alice, bob\n").resolver().resolve("alice@example.test");
        assertEquals(List.of("mailbox:alice", "mailbox:bob"), tokens(alice));
    }

    @Test
    void c8_backslashUser_skipsAliases() {
        // postalias stores "\\alice" as "alice" (verified with postalias -q); the quoted form keeps it
        Resolver r = withAliases("esc: \\alice, bob\nesc2: \"\\\\alice\", bob\nalice: carol\n").resolver();
        assertEquals(List.of("mailbox:carol", "mailbox:bob"), tokens(r, "esc@example.test"));
        assertEquals(List.of("mailbox:alice", "mailbox:bob"), tokens(r, "esc2@example.test"));
    }

    @Test
    void c9_include_readsAddressesSkippingComments() {
        Fixture f = new Fixture(dir);
        Path inc = f.file("list1.inc", "bob\n# comment\ncarol, alice\n");
        f.param("alias_maps", f.table("hash", "aliases", "list1: :include:" + inc + "\n"));
        assertEquals(List.of("mailbox:bob", "mailbox:carol", "mailbox:alice"), tokens(f.resolver(), "list1@example.test"));
    }

    @Test
    void c9_missingIncludeFile_bounces535() {
        Fixture f = withAliases("list2: :include:/nonexistent/list2.inc\n");
        Resolution r = f.resolver().resolve("list2@example.test");
        assertEquals(List.of("bounce:5.3.5"), tokens(r));
        assertEquals("mail system configuration error",
                ((Destination.Bounce) r.destinations().get(0).destination()).text());
        assertTrue(r.warnings().get(0).startsWith("cannot open include file /nonexistent/list2.inc"), r.warnings()
                .toString());
    }

    @Test
    void c10_ownerAlias_listsTheOwnerInTheExplanation() {
        Resolution r = withAliases("team: alice, bob\nowner-team: carol\n").resolver().resolve("team@example.test");
        assertEquals(List.of("mailbox:alice", "mailbox:bob"), tokens(r));
        assertTrue(r.destinations().get(0).explanation().stream().anyMatch(s -> s.key().equals("owner-team")));
    }

    @Test
    void c11_mixedCaseRecipient_foldsForAliasLookup() {
        assertEquals(List.of("mailbox:alice", "mailbox:bob"),
                tokens(withAliases("team: alice, bob\n").resolver(), "Team@Example.TEST"));
    }

    @Test
    void c12_postmasterWithoutAliasOrAccount_isDiscarded() {
        Resolution r = new Fixture(dir).param("local_recipient_maps", "").resolver().resolve("postmaster@example.test");
        assertEquals(List.of("discarded:2.0.0"), tokens(r));
        assertTrue(r.warnings().contains("required alias not found: postmaster"));
    }

    @Test
    void localRecipientMaps_unknownUser_bounces511() {
        Resolution r = new Fixture(dir).resolver().resolve("nosuch@example.test");
        assertEquals(List.of("bounce:5.1.1"), tokens(r));
        assertEquals("User unknown in local recipient table",
                ((Destination.Bounce) r.destinations().get(0).destination()).text());
    }

    @Test
    void aliasExtension_fullThenStripped_noPropagationByDefault() {
        Resolver r = withAliases("team+a: alice\nteam: bob@far.test\n").resolver();
        assertEquals(List.of("mailbox:alice"), tokens(r, "team+a@example.test"));
        assertEquals(List.of("relay:smtp:far.test:bob@far.test"), tokens(r, "team+b@example.test"));
    }

    @Test
    void commandsAndFiles_allowedFromAliases() {
        Resolver r = withAliases("cmd: \"|/usr/bin/procmail -a x\"\nfile: /var/log/mail.copy\n").resolver();
        assertEquals(List.of("command:/usr/bin/procmail -a x"), tokens(r, "cmd@example.test"));
        assertEquals(List.of("file:/var/log/mail.copy"), tokens(r, "file@example.test"));
    }

    @Test
    void commandsAndFiles_refusedWhenSourceNotAllowed() {
        Fixture f = withAliases("cmd: |/bin/true\nfile: /tmp/x\n").param("allow_mail_to_commands", "forward")
                .param("allow_mail_to_files", "forward");
        Resolver r = f.resolver();
        Resolution c = r.resolve("cmd@example.test");
        assertEquals(List.of("bounce:5.7.1"), tokens(c));
        assertEquals("mail to command is restricted", ((Destination.Bounce) c.destinations().get(0).destination()).text());
        assertEquals(List.of("bounce:5.7.1"), tokens(r, "file@example.test"));
    }

    @Test
    void commandInInclude_refusedByDefault() {
        Fixture f = new Fixture(dir);
        Path inc = f.file("cmds.inc", "|/bin/true\n");
        f.param("alias_maps", f.table("hash", "aliases", "l: :include:" + inc + "\n"));
        assertEquals(List.of("bounce:5.7.1"), tokens(f.resolver(), "l@example.test"));
    }

    @Test
    void forward_extensionVariantFirst_thenPlain() {
        Fixture f = new Fixture(dir);
        f.file("home/bob/.forward+lists", "carol\n");
        f.file("home/bob/.forward", "\\bob, alice\n");
        Resolver r = f.resolver();
        assertEquals(List.of("mailbox:carol"), tokens(r, "bob+lists@example.test"));
        assertEquals(List.of("mailbox:bob", "mailbox:alice"), tokens(r, "bob@example.test"));
        assertEquals(List.of("mailbox:bob", "mailbox:alice"), tokens(r, "bob+other@example.test"));
    }

    @Test
    void forward_pathFromParameter_withAttributes() {
        Fixture f = new Fixture(dir);
        f.file("fwd/dave", "\"|/usr/bin/vacation dave\", ~/Mail/copy\n");
        f.param("forward_path", dir.resolve("fwd") + "/$user");
        assertEquals(List.of("command:/usr/bin/vacation dave", "file:" + f.home("dave") + "/Mail/copy"),
                tokens(f.resolver(), "dave@example.test"));
    }

    @Test
    void forward_remoteAddress_isForwardedThroughVirtual() {
        Fixture f = new Fixture(dir);
        f.file("home/carol/.forward", "carol@elsewhere.test\n");
        f.param("virtual_alias_maps", f.table("hash", "virtual", "carol@elsewhere.test x@far.test\n"));
        assertEquals(List.of("relay:smtp:far.test:x@far.test"), tokens(f.resolver(), "carol@example.test"));
    }

    @Test
    void forwardLoop_bounces546() {
        Fixture f = new Fixture(dir);
        f.file("home/alice/.forward", "bob\n");
        f.file("home/bob/.forward", "alice\n");
        Resolution r = f.resolver().resolve("alice@example.test");
        assertEquals(List.of("bounce:5.4.6"), tokens(r));
    }

    @Test
    void luserRelay_receivesUnknownUsers() {
        Fixture f = new Fixture(dir).param("local_recipient_maps", "").param("luser_relay", "$user@far.test");
        assertEquals(List.of("relay:smtp:far.test:ghost@far.test"), tokens(f.resolver(), "ghost+x@example.test"));
    }

    @Test
    void mailbox_spoolHomeMaildirCommandTransport() {
        Resolution spool = new Fixture(dir).param("mail_spool_directory", "/var/mail").resolver()
                .resolve("bob@example.test");
        Destination.LocalMailbox m = (Destination.LocalMailbox) spool.destinations().get(0).destination();
        assertEquals("/var/mail/bob", m.path());
        Fixture f = new Fixture(dir).param("home_mailbox", "Maildir/");
        Destination.LocalMailbox md = (Destination.LocalMailbox) f.resolver().resolve("bob@example.test")
                .destinations().get(0).destination();
        assertEquals(f.home("bob") + "/Maildir/", md.path());
        assertTrue(md.maildir());
        assertEquals(List.of("command:/usr/bin/procmail"),
                tokens(new Fixture(dir).param("mailbox_command", "/usr/bin/procmail").resolver(), "bob@example.test"));
        assertEquals(List.of("relay:lmtp:unix:private/dovecot-lmtp:bob@example.test"),
                tokens(new Fixture(dir).param("mailbox_command", "/usr/bin/procmail")
                        .param("mailbox_transport", "lmtp:unix:private/dovecot-lmtp").resolver(), "bob@example.test"));
    }

    @Test
    void mailboxTransportMaps_beatMailboxTransport() {
        Fixture f = new Fixture(dir);
        f.param("mailbox_transport", "lmtp:unix:private/a")
                .param("mailbox_transport_maps", "inline:{bob=lmtp:unix:private/b}");
        Resolver r = f.resolver();
        assertEquals(List.of("relay:lmtp:unix:private/b:bob@example.test"), tokens(r, "bob@example.test"));
        assertEquals(List.of("relay:lmtp:unix:private/a:alice@example.test"), tokens(r, "alice@example.test"));
    }

    @Test
    void ownerAlias_becomesTheSenderOfTheExpansion() {
        Fixture f = withAliases("team: alice, x@far.test\nowner-team: carol\n");
        f.param("sender_dependent_relayhost_maps", "inline:{owner-team@mx.example.test=[owner-relay]}");
        Resolution r = f.resolver().resolve("someone@example.org", "team@example.test");
        assertEquals(List.of("mailbox:alice", "relay:smtp:[owner-relay]:x@far.test"), tokens(r));
        assertEquals("someone@example.org", r.sender());
    }
}
