package dev.mailroom.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Vectors A1-A9 and postmap's source rules, through the public API only. */
@Timeout(10)
final class IndexedTablesTest {

    @TempDir
    Path dir;

    private static final String DUPS = "Foo@Example.COM   value1\nfoo@example.com   dupvalue\n";

    @Test
    void lookup_keepsFirstDuplicateAndWarns_byDefault() throws IOException {
        TableTestSupport t = new TableTestSupport(dir);
        LookupTable table = t.open("hash", "t1", DUPS);
        assertEquals("value1", table.get("FOO@EXAMPLE.COM"));
        assertEquals(List.of("t1.db: duplicate entry: \"foo@example.com\""), t.warnings());
        assertFalse(table.isPattern());
    }

    @Test
    void lookup_keepsLastDuplicate_whenReplaceMode() throws IOException {
        TableTestSupport t = new TableTestSupport(dir);
        LookupTable table = LookupTables.open("hash:" + t.write("t1", DUPS),
                t.options().duplicates(DuplicateMode.REPLACE).build());
        assertEquals("dupvalue", table.get("foo@example.com"));
        assertEquals(List.of(), t.warnings());
    }

    @Test
    void lookup_isSilentOnDuplicates_whenIgnoreMode() throws IOException {
        TableTestSupport t = new TableTestSupport(dir);
        LookupTable table = LookupTables.open("btree:" + t.write("t1", DUPS),
                t.options().duplicates(DuplicateMode.IGNORE).build());
        assertEquals("value1", table.get("foo@example.com"));
        assertEquals(List.of(), t.warnings());
    }

    @Test
    void lookup_keepsKeyCase_whenFoldingOff() throws IOException {
        TableTestSupport t = new TableTestSupport(dir);
        LookupTable table = LookupTables.open("hash:" + t.write("t1", DUPS), t.options().foldCase(false).build());
        assertEquals("value1", table.get("Foo@Example.COM"));
        assertEquals("dupvalue", table.get("foo@example.com"));
        assertNull(table.get("FOO@EXAMPLE.COM"));
    }

    @Test
    void lookup_joinsContinuationLines_andSkipsIndentedComments() throws IOException {
        TableTestSupport t = new TableTestSupport(dir);
        LookupTable table = t.open("hash", "t4", "multi   first\n  second\tthird\n   # indented comment\n  fourth\n");
        assertEquals("first  second\tthird  fourth", table.get("multi"));
    }

    @Test
    void lookup_keepsQuotesInKeys() throws IOException {
        TableTestSupport t = new TableTestSupport(dir);
        LookupTable table = t.open("hash", "t5", "\"a b\"   quoted key\nback\\ slash  v\n");
        assertEquals("quoted key", table.get("\"a b\""));
        assertNull(table.get("a b"));
        assertEquals("v", table.get("back\\ slash"));
    }

    @Test
    void lookup_takesOrphanContinuationAsValue_andTrimsTrailingBlanks() throws IOException {
        TableTestSupport t = new TableTestSupport(dir);
        LookupTable table = t.open("hash", "t6", "bare\n  orphan continuation\ntrailing    spaced value   \t\n");
        assertEquals("orphan continuation", table.get("bare"));
        assertEquals("spaced value", table.get("trailing"));
    }

    @Test
    void load_warnsAboutLeadingWhitespace_andKeepsNextEntry() throws IOException {
        TableTestSupport t = new TableTestSupport(dir);
        LookupTable table = t.open("hash", "t2", " leading\nk v\n");
        assertEquals("v", table.get("k"));
        assertEquals(List.of("t2: logical line must not start with whitespace: \" leading\""), t.warnings());
    }

    @Test
    void load_warnsWithLineNumbers_aboutMalformedLines() throws IOException {
        TableTestSupport t = new TableTestSupport(dir);
        LookupTable table = t.open("hash", "t7", "key:  colon\nonly\n\"unbal x\nok v\n");
        assertEquals("colon", table.get("key:"));
        assertEquals("v", table.get("ok"));
        assertEquals(List.of(
                "t7, line 1: record is in \"key: value\" format; is this an alias file?",
                "t7, line 2: expected format: key whitespace value",
                "t7, line 3: unbalanced '\"' in '\"unbal x' -- ignoring this line"), t.warnings());
    }

    @Test
    void texthash_warnsWithLineNumber_onDuplicates() throws IOException {
        TableTestSupport t = new TableTestSupport(dir);
        LookupTable table = t.open("texthash", "t1", "x y\n" + DUPS + "only\n");
        assertEquals("value1", table.get("foo@example.com"));
        assertEquals(List.of("t1, line 3: duplicate entry: \"foo@example.com\"",
                "t1, line 4: expected format: key whitespace value -- ignoring this line"), t.warnings());
    }

    @Test
    void lmdb_namesTheMap_inDuplicateWarnings() throws IOException {
        TableTestSupport t = new TableTestSupport(dir);
        t.open("lmdb", "t1", DUPS);
        assertEquals(List.of("lmdb:t1: duplicate entry: \"foo@example.com\""), t.warnings());
    }

    @Test
    void lookup_foldsUnicode_inUtf8Mode_andOnlyAscii_otherwise() throws IOException {
        TableTestSupport t = new TableTestSupport(dir);
        Path file = t.write("u", "ÄBC umlaut\nStraße y\n");
        LookupTable utf8 = LookupTables.open("hash:" + file, t.options().build());
        assertEquals("umlaut", utf8.get("äbc"));
        assertEquals("y", utf8.get("STRASSE"));
        LookupTable ascii = LookupTables.open("hash:" + file, t.options().utf8(false).build());
        assertEquals("umlaut", ascii.get("ÄBC"));
        assertNull(ascii.get("äbc"));
    }

    @Test
    void load_skipsLinesThatAreNotUtf8_inUtf8Mode() throws IOException {
        TableTestSupport t = new TableTestSupport(dir);
        Path file = dir.resolve("bin");
        java.nio.file.Files.write(file, new byte[] {(byte) 0xff, (byte) 0xfe, ' ', 'b', 'i', 'n', '\n', 'k', ' ', 'v', '\n'});
        LookupTable table = t.open("hash:" + file);
        assertEquals("v", table.get("k"));
        assertEquals(List.of("bin, line 1: non-UTF-8 input \"?? bin\" -- ignoring this line"), t.warnings());
    }

    @Test
    void open_reportsPostfixWording_whenSourceMissing() {
        TableTestSupport t = new TableTestSupport(dir);
        TableException e = assertThrows(TableException.class, () -> t.open("hash:" + dir.resolve("nope")));
        assertEquals("open database " + dir.resolve("nope") + ".db: No such file or directory", e.getMessage());
        assertEquals(Optional.of(dir.resolve("nope").toString()), e.file());
    }

    @Test
    void open_unwrapsProxy() throws IOException {
        TableTestSupport t = new TableTestSupport(dir);
        Path file = t.write("p", "k v\n");
        LookupTable table = t.open("proxy:hash:" + file);
        assertEquals("hash:" + file, table.spec());
        assertEquals(Optional.of("v"), table.find("K"));
    }

    @Test
    void open_rejectsUnknownTypesAndBadSpecs() {
        TableTestSupport t = new TableTestSupport(dir);
        assertEquals("unsupported dictionary type: nosuch",
                assertThrows(TableException.class, () -> t.open("nosuch:x")).getMessage());
        assertEquals("open dictionary: expecting \"type:name\" form instead of \"static:\"",
                assertThrows(TableException.class, () -> t.open("static:")).getMessage());
        assertTrue(LookupTables.types().containsAll(List.of("hash", "regexp", "pcre", "cidr", "inline")));
    }

    @Test
    void get_rejectsNullKey() throws IOException {
        TableTestSupport t = new TableTestSupport(dir);
        LookupTable table = t.open("hash", "n", "k v\n");
        assertThrows(NullPointerException.class, () -> table.get(null));
    }
}
