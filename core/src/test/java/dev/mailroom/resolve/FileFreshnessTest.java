package dev.mailroom.resolve;

import static dev.mailroom.resolve.Fixture.tokens;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * How soon a resolver sees files that change under it: {@code .forward} and {@code :include:}
 * files and tables follow {@link Resolver.Builder#checkInterval(Duration)}.
 */
@Timeout(30)
final class FileFreshnessTest {

    @TempDir
    Path dir;

    @Test
    void forwardCreatedBetweenResolutions_isFollowedAtOnce_withZeroInterval() {
        Fixture f = new Fixture(dir);
        Resolver r = f.builder().checkInterval(Duration.ZERO).build();
        assertEquals(List.of("mailbox:bob"), tokens(r, "bob@example.test"));
        f.file("home/bob/.forward", "alice\n");
        assertEquals(List.of("mailbox:alice"), tokens(r, "bob@example.test"));
        f.file("home/bob/.forward", "carol, \\bob\n");
        // bob's own mailbox first: carol's copy is forwarded once the .forward is expanded
        assertEquals(List.of("mailbox:bob", "mailbox:carol"), tokens(r, "bob@example.test"));
    }

    @Test
    void forwardCreatedBetweenResolutions_isNotSeenWithinTheInterval() {
        Fixture f = new Fixture(dir);
        Resolver r = f.builder().checkInterval(Duration.ofHours(1)).build();
        assertEquals(List.of("mailbox:bob"), tokens(r, "bob@example.test"));
        f.file("home/bob/.forward", "alice\n");
        assertEquals(List.of("mailbox:bob"), tokens(r, "bob@example.test"));
        assertEquals(List.of("mailbox:alice"), tokens(f.resolver(), "bob@example.test"),
                "a new resolver reads the file");
    }

    @Test
    void forwardCreatedAfterMisses_isFollowedOnceTheIntervalHasPassed() throws InterruptedException {
        Fixture f = new Fixture(dir);
        Resolver r = f.builder().checkInterval(Duration.ofMillis(200)).build();
        // several resolutions that find no .forward, with and without an extension
        for (int i = 0; i < 3; i++) {
            assertEquals(List.of("mailbox:bob"), tokens(r, "bob@example.test"));
            assertEquals(List.of("mailbox:bob"), tokens(r, "bob+x@example.test"));
        }
        f.file("home/bob/.forward", "alice\n");
        Thread.sleep(400);
        assertEquals(List.of("mailbox:alice"), tokens(r, "bob@example.test"));
        assertEquals(List.of("mailbox:alice"), tokens(r, "bob+x@example.test"));
    }

    @Test
    void forwardRemoved_isNoLongerFollowedOnceTheIntervalHasPassed() throws Exception {
        Fixture f = new Fixture(dir);
        f.file("home/bob/.forward", "alice\n");
        Resolver r = f.builder().checkInterval(Duration.ofMillis(200)).build();
        assertEquals(List.of("mailbox:alice"), tokens(r, "bob@example.test"));
        java.nio.file.Files.delete(f.home("bob").resolve(".forward"));
        Thread.sleep(400);
        assertEquals(List.of("mailbox:bob"), tokens(r, "bob@example.test"));
        assertEquals(List.of("mailbox:bob"), tokens(r, "bob@example.test"));
    }

    @Test
    void includeFileCreatedAfterABounce_isFollowed_withZeroInterval() {
        Fixture f = new Fixture(dir);
        Path inc = dir.resolve("list.inc");
        f.param("alias_maps", f.table("hash", "aliases", "list: :include:" + inc + "\n"));
        Resolver r = f.builder().checkInterval(Duration.ZERO).build();
        assertEquals(List.of("bounce:5.3.5"), tokens(r, "list@example.test"));
        f.file("list.inc", "alice\nbob\n");
        assertEquals(List.of("mailbox:alice", "mailbox:bob"), tokens(r, "list@example.test"));
    }

    @Test
    void explanationNamesTheNewLine_afterTheTableIsEdited() {
        Fixture f = new Fixture(dir);
        String spec = f.table("hash", "aliases", "a: bob\n");
        f.param("alias_maps", spec);
        Resolver r = f.builder().checkInterval(Duration.ZERO).build();
        assertTrue(aliasSources(r).contains(spec + ", line 1"), aliasSources(r).toString());
        f.file("aliases", "# moved down\nx: carol\na: bob\n");
        assertTrue(aliasSources(r).contains(spec + ", line 3"), aliasSources(r).toString());
    }

    private static List<String> aliasSources(Resolver r) {
        return r.resolve("a@example.test").destinations().get(0).explanation().stream()
                .filter(s -> s.stage().equals("alias_maps")).map(Step::source).toList();
    }

    @Test
    void forwardPathNamingTheRecipient_isExpandedForEachAddressOfOneUser() {
        Fixture f = new Fixture(dir);
        f.file("fwd/bob@example.test", "carol\n");
        f.file("fwd/bob@mx.example.test", "alice\n");
        f.param("forward_path", dir.resolve("fwd") + "/$recipient");
        Resolver r = f.resolver();
        assertEquals(List.of("mailbox:carol"), tokens(r, "bob@example.test"));
        assertEquals(List.of("mailbox:alice"), tokens(r, "bob@mx.example.test"));
        assertEquals(List.of("mailbox:carol"), tokens(r, "bob@example.test"));
    }

    @Test
    void negativeInterval_isRefused() {
        Resolver.Builder b = new Fixture(dir).builder();
        assertThrows(IllegalArgumentException.class, () -> b.checkInterval(Duration.ofSeconds(-1)));
    }
}
