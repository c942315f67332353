package dev.mailroom.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** aliases(5) sources read as postalias does (B.3). */
@Timeout(10)
final class AliasSourceTest {

    @TempDir
    Path dir;

    private LookupTable open(TableTestSupport t, String text) throws IOException {
        return LookupTables.open("hash:" + t.write("aliases", text),
                t.options().sourceFormat(SourceFormat.ALIASES).build());
    }

    @Test
    void lookup_returnsReserialisedValue_forContinuedEntries() throws IOException {
        TableTestSupport t = new TableTestSupport(dir);
        LookupTable a = open(t, "Root: alice,bob,\n    carol\n");
        assertEquals("alice, bob, carol", a.get("root"));
        assertEquals("alice, bob, carol", a.get("ROOT"));
    }

    @Test
    void lookup_keepsCommandsFilesAndIncludes_verbatim() throws IOException {
        TableTestSupport t = new TableTestSupport(dir);
        LookupTable a = open(t, "pipe: \"|/bin/cat > x\", /tmp/file, :include:/etc/inc\nq: \"a b\"@ex.com , c\n"
                + "cmd: |cmd arg\nhome: ~/x\n");
        assertEquals("\"|/bin/cat > x\", /tmp/file, :include:/etc/inc", a.get("pipe"));
        assertEquals("\"a b\"@ex.com, c", a.get("q"));
        assertEquals("|cmd arg", a.get("cmd"));
        assertEquals("~/x", a.get("home"));
    }

    @Test
    void lookup_storesQuotedNamesUnquoted_andAddsTheSentinel() throws IOException {
        TableTestSupport t = new TableTestSupport(dir);
        LookupTable a = open(t, "\"odd name\": x\n");
        assertEquals("x", a.get("odd name"));
        assertNull(a.get("\"odd name\""));
        assertEquals("@", a.get("@"));
    }

    @Test
    void reserialisation_followsRfc822Tokens() throws IOException {
        TableTestSupport t = new TableTestSupport(dir);
        LookupTable a = open(t, String.join("\n", "k1: a  b", "k2: a @ b", "k3: a(comment)b", "k4: Name <a@b>",
                "k5: \\alice", "k6: a,,b", "k7: a,", "k8: x<y>z", "k9: a\"b\"c", "k10: \\\"a", ""));
        assertEquals("a b", a.get("k1"));
        assertEquals("a@b", a.get("k2"));
        assertEquals("a (comment) b", a.get("k3"));
        assertEquals("Name <a@b>", a.get("k4"));
        assertEquals("alice", a.get("k5"));
        assertEquals("a, , b", a.get("k6"));
        assertEquals("a, ", a.get("k7"));
        assertEquals("x <y>z", a.get("k8"));
        assertEquals("a \"b\" c", a.get("k9"));
        assertEquals("\"\\\"a\"", a.get("k10"));
    }

    @Test
    void load_warnsAboutBadEntries_andDuplicates() throws IOException {
        TableTestSupport t = new TableTestSupport(dir);
        LookupTable a = open(t, "foo@bar: y\nnocolon\ndup: a\ndup: b\nc,d: v\ne:\n");
        assertEquals("a", a.get("dup"));
        assertEquals(List.of("aliases, line 1: name must be local", "aliases, line 2: need name:value pair",
                "aliases.db: duplicate entry: \"dup\"", "aliases, line 5: need name:value pair",
                "aliases, line 6: need name:value pair"), t.warnings());
    }
}
