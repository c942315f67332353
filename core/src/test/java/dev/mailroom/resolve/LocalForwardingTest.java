package dev.mailroom.resolve;

import static dev.mailroom.resolve.Fixture.tokens;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * local(8) resubmitting recipients through cleanup (owner- aliases, {@code .forward} files,
 * {@code :include:} files) and passing unmatched extensions on to alias, forward and include
 * results; each case was found by {@code ResolveRandomDifferentialIT} against Postfix 3.7.
 */
@Timeout(30)
final class LocalForwardingTest {

    @TempDir
    Path dir;

    private Fixture fixture(String aliases) {
        Fixture f = new Fixture(dir);
        f.param("canonical_maps", f.table("hash", "canonical", "c1 bob\n"));
        return f.param("alias_maps", f.table("hash", "aliases", aliases));
    }

    @Test
    void ownerAlias_localMembersAreResubmitted_soCanonicalMapsApply() {
        Resolver r = fixture("a4: c1, alice\nowner-a4: carol\na5: c1, alice\n").resolver();
        assertEquals(List.of("mailbox:bob", "mailbox:alice"), tokens(r, "a4@example.test"));
        // without an owner- alias, local(8) delivers the members itself: c1 is nobody here
        assertEquals(List.of("bounce:5.1.1", "mailbox:alice"), tokens(r, "a5@example.test"));
    }

    @Test
    void includeMembers_areResubmitted_soCanonicalMapsApply() {
        Fixture f = new Fixture(dir);
        Path inc = f.file("list.inc", "c1\nalice\n");
        f.param("canonical_maps", f.table("hash", "canonical", "c1 bob\n"));
        f.param("alias_maps", f.table("hash", "aliases", "list: :include:" + inc + "\n"));
        assertEquals(List.of("mailbox:bob", "mailbox:alice"), tokens(f.resolver(), "list@example.test"));
    }

    @Test
    void forwardFile_otherLocalUsersAreResubmitted_theUserItselfIsNot() {
        Fixture f = fixture("");
        f.file("home/carol/.forward", "carol, c1\n");
        // carol in her own .forward is delivered directly; c1 goes through canonical to bob
        assertEquals(List.of("mailbox:carol", "mailbox:bob"), tokens(f.resolver(), "carol@example.test"));
    }

    @Test
    void aliasPropagation_appendsTheExtensionToEveryMember_onlyWhenTheBareNameMatched() {
        Fixture f = fixture("list: x@far.test, alice\nlist+own: y@far.test\n");
        f.param("propagate_unmatched_extensions", "canonical, virtual, alias");
        Resolver r = f.resolver();
        // local(8) delivers alice itself and sends the forwarded copy when the expansion is done
        assertEquals(List.of("mailbox:alice", "relay:smtp:far.test:x+tag@far.test"), tokens(r, "list+tag@example.test"));
        assertEquals(List.of("relay:smtp:far.test:y@far.test"), tokens(r, "list+own@example.test"));
        Fixture plain = fixture("list: x@far.test\n");
        assertEquals(List.of("relay:smtp:far.test:x@far.test"), tokens(plain.resolver(), "list+tag@example.test"));
    }

    @Test
    void forwardPropagation_skipsTheExtensionsOwnForwardFile() {
        Fixture f = new Fixture(dir);
        f.param("propagate_unmatched_extensions", "canonical, virtual, forward");
        f.file("home/bob/.forward", "x@far.test\n");
        f.file("home/bob/.forward+own", "y@far.test\n");
        Resolver r = f.resolver();
        assertEquals(List.of("relay:smtp:far.test:x+tag@far.test"), tokens(r, "bob+tag@example.test"));
        assertEquals(List.of("relay:smtp:far.test:y@far.test"), tokens(r, "bob+own@example.test"));
    }

    @Test
    void includePropagation_needsInclude_besidesAlias() {
        Fixture f = new Fixture(dir);
        Path inc = f.file("list.inc", "x@far.test\n");
        f.param("alias_maps", f.table("hash", "aliases", "list: :include:" + inc + "\n"));
        f.param("propagate_unmatched_extensions", "canonical, virtual, alias");
        assertEquals(List.of("relay:smtp:far.test:x@far.test"), tokens(f.resolver(), "list+tag@example.test"));
        f.param("propagate_unmatched_extensions", "canonical, virtual, alias, include");
        assertEquals(List.of("relay:smtp:far.test:x+tag@far.test"), tokens(f.resolver(), "list+tag@example.test"));
    }

    @Test
    void forwardingLoopCheck_seesTheDeliveredToOfItsOwnCopy_notOfSiblingCopies() {
        Fixture f = new Fixture(dir);
        f.file("home/bob/.forward", "\\bob, ghost\n");
        f.param("luser_relay", "carol").param("local_recipient_maps", "");
        f.param("alias_maps", f.table("hash", "aliases", "pair: bob@example.test, bob@localhost\n"));
        // each copy of bob's mail forwards ghost once; neither copy has been to ghost before
        assertEquals(List.of("mailbox:bob", "mailbox:carol"), tokens(f.resolver(), "pair@example.test"));
    }

    @Test
    void forwardFileMetAgainInItsOwnExpansion_deliversToTheUser() {
        Fixture f = new Fixture(dir);
        f.file("home/bob/.forward", "\\bob, team\n");
        f.param("alias_maps", f.table("hash", "aliases", "team: bob, carol\n"));
        // bob -> .forward -> team -> bob: the .forward is not read twice, bob gets the mail once
        assertEquals(List.of("mailbox:bob", "mailbox:carol"), tokens(f.resolver(), "bob@example.test"));
    }

    @Test
    void forwardFileMetAgainAfterItsExpansion_deliversNothingMore() {
        Fixture f = new Fixture(dir);
        f.file("home/bob/.forward", "carol\n");
        f.param("alias_maps", f.table("hash", "aliases", "team: bob, again\nagain: bob\n"));
        // the second bob finds the .forward expanded already (seed 1523): no mailbox for bob
        assertEquals(List.of("mailbox:carol"), tokens(f.resolver(), "team@example.test"));
    }

    @Test
    void includeFileMetAgainInOneDelivery_isSkippedWithoutAWord() {
        Fixture f = new Fixture(dir);
        Path inc = f.file("l1.inc", "# members\nl1\n");
        f.param("recipient_delimiter", "+-");
        f.param("alias_maps", f.table("hash", "aliases", "l1: :include:" + inc + "\n"));
        Resolver r = f.resolver();
        // l1-list expands alias l1, whose file lists l1: the alias is expanded again (it is not
        // the name l1-list came from) and meets the same file, which local(8) skips (seed 1520)
        Resolution skipped = r.resolve("l1-list@example.test");
        assertEquals(List.of(), tokens(skipped));
        assertEquals(List.of(), skipped.warnings());
        // l1 itself resubmits l1 from its file until the Delivered-To loop check stops it
        assertEquals(List.of("bounce:5.4.6"), tokens(r, "l1@example.test"));
    }

    @Test
    void forwardPath_theFirstFileThatExistsIsTheOnlyOneLookedAt() throws Exception {
        Fixture f = new Fixture(dir);
        Path fwd = dir.resolve("fwd");
        f.param("forward_path", fwd + "/$user.first, " + fwd + "/$user.second");
        f.file("fwd/bob.second", "carol\n");
        Path first = f.file("fwd/bob.first", "");
        Resolver r = f.builder().checkInterval(java.time.Duration.ZERO).build();
        // an empty file lists no address: mailbox delivery, the second file is not read
        assertEquals(List.of("mailbox:bob"), tokens(r, "bob@example.test"));
        java.nio.file.Files.delete(first);
        assertEquals(List.of("mailbox:carol"), tokens(r, "bob@example.test"));
        // a directory, or a symbolic link (local(8) uses lstat), is no regular file
        java.nio.file.Files.createDirectory(first);
        Resolution dirFirst = r.resolve("bob@example.test");
        assertEquals(List.of("mailbox:bob"), tokens(dirFirst));
        assertEquals(List.of("file " + first + " is not a regular file"), dirFirst.warnings());
        java.nio.file.Files.delete(first);
        java.nio.file.Files.createSymbolicLink(first, fwd.resolve("bob.second"));
        assertEquals(List.of("mailbox:bob"), tokens(r, "bob@example.test"));
    }

    @Test
    void aliasSkipsOnlyTheNameItCameFrom() {
        Fixture f = new Fixture(dir);
        f.param("alias_maps", f.table("hash", "aliases", "bob: bob+x, carol\nbob+x: dave\n"));
        // the expansion of bob lists bob+x: its own alias still applies, the bare bob does not
        assertEquals(List.of("mailbox:dave", "mailbox:carol"), tokens(f.resolver(), "bob@example.test"));
    }

    @Test
    void backslashInAForwardOrIncludeFile_isNotAnEscape() {
        Fixture f = new Fixture(dir);
        Path inc = f.file("list.inc", "\\dave\n");
        f.file("home/bob/.forward", "\\carol\n");
        f.param("alias_maps", f.table("hash", "aliases", "carol: alice\ndave: alice, bob\nlist: :include:" + inc + "\n"));
        // Postfix's RFC 822 scanner drops an unquoted backslash in these files, as postalias does
        assertEquals(List.of("mailbox:alice"), tokens(f.resolver(), "bob@example.test"));
        assertEquals(List.of("mailbox:alice"), tokens(f.resolver(), "list@example.test"));
    }

    @Test
    void forwardedCopy_carriesTheRecipientLocalWasGiven_asItsDeliveredTo() {
        Fixture f = new Fixture(dir);
        f.file("home/bob/.forward", "team\n");
        f.param("alias_maps", f.table("hash", "aliases", "team: team, carol\n"));
        // team (listed in its own alias, reached from bob's .forward) is resubmitted with
        // Delivered-To: bob, not team, so the copy is no loop: team is an unknown user there
        assertEquals(java.util.Set.of("bounce:5.1.1", "mailbox:carol"),
                new java.util.HashSet<>(tokens(f.resolver(), "bob@example.test")));
        f.param("frozen_delivered_to", "no");
        assertEquals(java.util.Set.of("bounce:5.4.6", "mailbox:carol"),
                new java.util.HashSet<>(tokens(f.resolver(), "bob@example.test")));
    }

    @Test
    void forwardingLoopThatGrowsTheAddress_endsAtTheHopCountLimit() {
        Fixture f = new Fixture(dir);
        f.param("propagate_unmatched_extensions", "canonical, virtual, alias");
        f.param("alias_maps", f.table("hash", "aliases", "loop: x@far.test, loop+\nowner-loop: carol\n"));
        // each pass resubmits loop+...+a with one more "+": Delivered-To never repeats, but
        // every copy has one more Received: header, and cleanup refuses the 50th
        List<String> t = tokens(f.resolver(), "loop+a@example.test");
        assertEquals(49, t.size(), t.toString());
        assertEquals(48, t.stream().filter(x -> x.startsWith("relay:smtp:far.test:x+")).count());
        assertEquals("bounce:5.4.0", t.get(t.size() - 1));
    }
    /** A virtual alias loop that cleanup refuses with 4.6.0 when a forwarded copy lists it. */
    private Fixture withVirtualLoop(String aliases) {
        Fixture f = fixture(aliases);
        return f.param("virtual_alias_maps", f.table("hash", "virtual",
                "loop1@vdom.test loop2@vdom.test\nloop2@vdom.test loop1@vdom.test\n"));
    }

    @Test
    void forwardedCopyRefusedByCleanup_losesEveryRecipientOfTheCopy_andDefersTheRecipient() {
        Fixture f = withVirtualLoop("");
        Path inc = f.file("list.inc", "alice, x@far.test\nloop1@vdom.test\n");
        f.param("alias_maps", f.table("hash", "aliases", "list: :include:" + inc + "\n"));
        // the include members share one forwarded message; cleanup refuses all of it (seed 613)
        Resolution r = f.resolver().resolve("list@example.test");
        assertEquals(List.of("defer:4.6.0"), tokens(r));
        Destination.Defer d = (Destination.Defer) r.destinations().get(0).destination();
        assertEquals("list@example.test", d.recipient());
        assertTrue(d.text().contains("unreasonable virtual_alias_maps map nesting for loop1@vdom.test"), d.text());
    }

    @Test
    void forwardedCopyRefusedByCleanup_keepsWhatLocalDeliveredItself() {
        Fixture f = withVirtualLoop("list: alice, loop1@vdom.test, x@far.test\n");
        // alice is delivered by local(8) itself; the copy for loop1 and x is refused as a whole
        assertEquals(List.of("mailbox:alice", "defer:4.6.0"), tokens(f.resolver(), "list@example.test"));
    }

    @Test
    void forwardedCopyRefusedByCleanup_doesNotTakeTheCopyOfAnotherSender() {
        Fixture f = withVirtualLoop("list: x@far.test, sub\nsub: loop1@vdom.test\nowner-sub: carol\n");
        // x@far.test leaves with the original sender, loop1 with owner-sub: two messages
        assertEquals(List.of("relay:smtp:far.test:x@far.test", "defer:4.6.0"),
                tokens(f.resolver(), "list@example.test"));
    }

    @Test
    void deferredLocalDelivery_cancelsWhatTheRecipientForwards() {
        Fixture f = fixture("list: x@far.test, alice\n");
        f.param("mailbox_command_maps", "fail:broken");
        // local(8) sends no forwarded message for a recipient that is deferred anyway
        assertEquals(List.of("defer:4.3.0"), tokens(f.resolver(), "list@example.test"));
    }

    @Test
    void memberWhoseDeliveryDefers_defersTheRecipient_andTheOtherMembersAreStillDelivered() {
        Fixture f = fixture("team: alice, bob, carol\n");
        // bob misses the hash table and reaches the failing one: his delivery defers
        f.param("mailbox_command_maps", f.table("hash", "commands", "alice /bin/a\ncarol /bin/c\n") + ", fail:broken");
        assertEquals(List.of("command:/bin/a", "defer:4.3.0", "command:/bin/c"),
                tokens(f.resolver(), "team@example.test"));
    }
}
