package dev.mailroom.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code mailroom postmap} and {@code mailroom postalias}: output, stderr wording, exit status. */
@Timeout(20)
final class PostmapCommandTest {

    @TempDir
    Path dir;

    @BeforeEach
    void config() throws IOException {
        Files.writeString(dir.resolve("main.cf"), "compatibility_level = 3.6\n");
    }

    private String c() {
        return dir.toString();
    }

    @Test
    void query_printsTheValue_andExitsZero() throws IOException {
        Path t = Files.writeString(dir.resolve("t"), "Foo@Example.COM value1\nfoo@example.com dup\n");
        CliRunner.Result r = CliRunner.mailroom("postmap", "", List.of("-c", c(), "-q", "FOO@EXAMPLE.COM", "hash:" + t));
        assertEquals(new CliRunner.Result("value1\n", "", 0), r);
    }

    @Test
    void query_exitsOne_whenNotFound() throws IOException {
        Path t = Files.writeString(dir.resolve("t"), "k v\n");
        assertEquals(new CliRunner.Result("", "", 1), CliRunner.mailroom("postmap", "", List.of("-c", c(), "-q", "x", t.toString())));
    }

    @Test
    void stdinQuery_printsFoundKeysAsGiven() throws IOException {
        Path t = Files.writeString(dir.resolve("t"), "k v\nj w\n");
        CliRunner.Result r = CliRunner.mailroom("postmap", "K\nnope\nj\n", List.of("-c", c(), "-q", "-", "hash:" + t));
        assertEquals(new CliRunner.Result("K\tv\nj\tw\n", "", 0), r);
    }

    @Test
    void query_warnsAboutEmptyResults() throws IOException {
        CliRunner.Result r = CliRunner.mailroom("postmap", "", List.of("-c", c(), "-q", "b", "inline:{a=1,b=}"));
        assertEquals(new CliRunner.Result("\n", "postmap: warning: table inline:{a=1,b=}: key b: empty string result is not allowed\n"
                + "postmap: warning: table inline:{a=1,b=} should return NO RESULT in case of NOT FOUND\n", 0), r);
    }

    @Test
    void query_isSingleStep_onRegexpTables_andShowsLoadWarnings() throws IOException {
        Path t = Files.writeString(dir.resolve("re"), "/^a(.*)$/ b$1\n/^x$/q bad\n");
        CliRunner.Result r = CliRunner.mailroom("postmap", "", List.of("-c", c(), "-q", "aa", "regexp:" + t));
        assertEquals(new CliRunner.Result("ba\n",
                "postmap: warning: regexp map " + t + ", line 2: unknown regexp option \"q\": skipping this rule\n", 0), r);
    }

    @Test
    void check_reportsTheBuildWarnings_andWritesNoDatabase() throws IOException {
        Path t = Files.writeString(dir.resolve("t"), "a 1\na 2\nonly\n");
        CliRunner.Result r = CliRunner.mailroom("postmap", "", List.of("-c", c(), t.toString()));
        assertEquals(new CliRunner.Result("", "postmap: warning: " + t + ".db: duplicate entry: \"a\"\n"
                + "postmap: warning: " + t + ", line 3: expected format: key whitespace value\n", 0), r);
        assertEquals(List.of(t), Files.list(dir).filter(p -> p.getFileName().toString().startsWith("t")).toList());
    }

    @Test
    void check_refusesPatternTables_asPostfixDoes() throws IOException {
        Path t = Files.writeString(dir.resolve("re"), "/a/ b\n");
        assertEquals(new CliRunner.Result("", "postmap: fatal: unsupported dictionary type: regexp does not support bulk-mode creation.\n", 1),
                CliRunner.mailroom("postmap", "", List.of("-c", c(), "regexp:" + t)));
    }

    @Test
    void errors_useUsageAndFatalWording() {
        String usage = "postmap: fatal: usage: postmap [-bfFhimnNoprsuUvw] [-c config_dir] [-d key] [-q key] [map_type:]file...\n";
        assertEquals(new CliRunner.Result("", "postmap: invalid option -- 'x'\n" + usage, 1),
                CliRunner.mailroom("postmap", "", List.of("-x", "t")));
        assertEquals(new CliRunner.Result("", "postmap: option requires an argument -- 'q'\n" + usage, 1),
                CliRunner.mailroom("postmap", "", List.of("-c", c(), "-q")));
        assertEquals(new CliRunner.Result("", "postmap: fatal: open " + dir.resolve("nodir") + "/main.cf: No such file or directory\n", 1),
                CliRunner.mailroom("postmap", "", List.of("-c", dir.resolve("nodir").toString(), "-q", "k", "inline:{k=v}")));
        assertEquals(new CliRunner.Result("", "postmap: fatal: open database " + dir.resolve("none") + ".db: No such file or directory\n", 1),
                CliRunner.mailroom("postmap", "", List.of("-c", c(), "-q", "k", "hash:" + dir.resolve("none"))));
        assertEquals(new CliRunner.Result("", "postmap: fatal: table fail:x: query error: Application error\n", 1),
                CliRunner.mailroom("postmap", "", List.of("-c", c(), "-q", "k", "fail:x")));
    }

    @Test
    void options_foldingOffAndReplaceMode() throws IOException {
        Path t = Files.writeString(dir.resolve("t"), "Key first\nkey second\n");
        assertEquals("first\n", CliRunner.mailroom("postmap", "", List.of("-c", c(), "-f", "-q", "Key", "hash:" + t)).out());
        assertEquals("second\n", CliRunner.mailroom("postmap", "", List.of("-c", c(), "-r", "-q", "KEY", "hash:" + t)).out());
        assertEquals("", CliRunner.mailroom("postmap", "", List.of("-c", c(), "-w", "-q", "KEY", "hash:" + t)).err());
    }

    @Test
    void postalias_printsNameColonTabValue_andTheSentinel() throws IOException {
        Path a = Files.writeString(dir.resolve("aliases"), "Root: alice,bob,\n  carol\n");
        CliRunner.Result r = CliRunner.mailroom("postalias", "root\nnope\n@\n", List.of("-c", c(), "-q", "-", a.toString()));
        assertEquals(new CliRunner.Result("root:\talice, bob, carol\n@:\t@\n", "", 0), r);
        assertEquals(new CliRunner.Result("alice, bob, carol\n", "", 0),
                CliRunner.mailroom("postalias", "", List.of("-c", c(), "-q", "ROOT", a.toString())));
    }
}
