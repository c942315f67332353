package dev.mailroom.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Differential test against the real Postfix 3.7 {@code postmap}/{@code postalias}: the same
 * table files (src/test/resources/tables) and the same keys, through {@code -q -} and
 * {@code -q KEY}; stdout and exit status must be identical. Indexed tables are compiled with the
 * real tool first (mailroom reads the source). Fails when the Postfix binaries are missing.
 */
@Timeout(300)
final class PostmapDifferentialIT {

    @TempDir
    Path dir;

    /** program, type, file, build flags, query flags. */
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("postmap", "hash", "virtual", "", ""),
                Arguments.of("postmap", "hash", "virtual", "-r", "-r"),
                Arguments.of("postmap", "hash", "virtual", "-w", "-w"),
                Arguments.of("postmap", "hash", "virtual", "-f", "-f"),
                Arguments.of("postmap", "btree", "sasl_passwd", "", ""),
                Arguments.of("postmap", "hash", "transport", "", ""),
                Arguments.of("postmap", "hash", "canonical", "", ""),
                Arguments.of("postmap", "hash", "canonical", "-r", "-r"),
                Arguments.of("postmap", "hash", "canonical", "-f", "-f"),
                Arguments.of("postmap", "texthash", "texthash", null, ""),
                Arguments.of("postmap", "texthash", "texthash", null, "-f"),
                Arguments.of("postmap", "regexp", "header_checks.regexp", null, ""),
                Arguments.of("postmap", "regexp", "errors.regexp", null, ""),
                Arguments.of("postmap", "regexp", "posix.regexp", null, ""),
                Arguments.of("postmap", "hash", "sender_relay", "", ""),
                Arguments.of("postmap", "pcre", "rewrite.pcre", null, ""),
                // generated: 400 random rules each, 6 keys per rule; standard input only
                Arguments.of("postmap", "regexp", "fuzz.regexp", null, ""),
                Arguments.of("postmap", "pcre", "fuzz.pcre", null, ""),
                Arguments.of("postmap", "cidr", "clients.cidr", null, ""),
                Arguments.of("postalias", "hash", "aliases", "", ""),
                Arguments.of("postalias", "hash", "aliases2", "", ""));
    }

    private Path setUp(String file) throws IOException {
        Files.writeString(dir.resolve("main.cf"), "compatibility_level = 3.6\n");
        for (String name : List.of(file, file + ".keys")) {
            try (InputStream in = getClass().getResourceAsStream("/tables/" + name)) {
                Files.write(dir.resolve(name), in.readAllBytes());
            }
        }
        return dir.resolve(file);
    }

    private void build(String program, String type, String file, String buildFlags) throws Exception {
        if (buildFlags == null) {
            return;
        }
        List<String> args = new ArrayList<>(List.of("-c", dir.toString()));
        if (!buildFlags.isEmpty()) {
            args.add(buildFlags);
        }
        args.add(type + ":" + file);
        CliRunner.Result r = CliRunner.postfix(program, "", args, dir);
        assertEquals(0, r.status(), "building " + file + ": " + r.err());
    }

    private static List<String> queryArgs(Path config, String queryFlags, String key, String spec) {
        List<String> args = new ArrayList<>(List.of("-c", config.toString()));
        if (!queryFlags.isEmpty()) {
            args.add(queryFlags);
        }
        args.add("-q");
        args.add(key);
        args.add(spec);
        return args;
    }

    @ParameterizedTest(name = "{0} {1}:{2} built with [{3}] queried with [{4}]")
    @MethodSource("cases")
    void stdinQueries_printTheSameAsPostfix(String program, String type, String file, String buildFlags,
            String queryFlags) throws Exception {
        setUp(file);
        build(program, type, file, buildFlags);
        String keys = Files.readString(dir.resolve(file + ".keys"));
        List<String> args = queryArgs(dir, queryFlags, "-", type + ":" + dir.resolve(file));
        CliRunner.Result real = CliRunner.postfix(program, keys, args, dir);
        CliRunner.Result ours = CliRunner.mailroom(program, keys, args);
        assertEquals(real.out(), ours.out(), "stdout; postfix stderr: " + real.err());
        assertEquals(real.status(), ours.status(), "exit status");
        if (buildFlags == null) {
            // tables Postfix parses when it opens them: the same load warnings too
            assertEquals(real.err(), ours.err(), "stderr");
        }
        assertTrue(keys.lines().count() >= 7, "too few keys in " + file);
    }

    /** The cases without the generated tables (2,400 keys each: one process per key is slow). */
    static Stream<Arguments> singleKeyCases() {
        return cases().filter(a -> !((String) a.get()[2]).startsWith("fuzz"));
    }

    @ParameterizedTest(name = "{0} {1}:{2} built with [{3}] queried with [{4}]")
    @MethodSource("singleKeyCases")
    void singleKeyQueries_printTheSameAsPostfix(String program, String type, String file, String buildFlags,
            String queryFlags) throws Exception {
        setUp(file);
        build(program, type, file, buildFlags);
        String spec = type + ":" + dir.resolve(file);
        for (String key : Files.readAllLines(dir.resolve(file + ".keys"), StandardCharsets.UTF_8)) {
            if (key.startsWith("-") || !StandardCharsets.US_ASCII.newEncoder().canEncode(key)) {
                continue; // option-like and non-ASCII keys are covered through standard input
            }
            List<String> args = queryArgs(dir, queryFlags, key, spec);
            CliRunner.Result real = CliRunner.postfix(program, "", args, dir);
            CliRunner.Result ours = CliRunner.mailroom(program, "", args);
            assertEquals(real.out(), ours.out(), "stdout for key [" + key + "]; postfix stderr: " + real.err());
            assertEquals(real.status(), ours.status(), "exit status for key [" + key + "]");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void inlineSpecs_printTheSameAsPostfix(String spec, String keys) throws Exception {
        Files.writeString(dir.resolve("main.cf"), "compatibility_level = 3.6\n");
        List<String> args = queryArgs(dir, "", "-", spec);
        CliRunner.Result real = CliRunner.postfix("postmap", keys, args, dir);
        CliRunner.Result ours = CliRunner.mailroom("postmap", keys, args);
        assertEquals(real.out(), ours.out(), "stdout; postfix stderr: " + real.err());
        assertEquals(real.status(), ours.status(), "exit status");
        assertEquals(real.err(), ours.err(), "stderr");
    }

    static Stream<Arguments> specs() {
        String keys = "k\nK\nfoo\nFOO\na\nx\n\"k s\"\nk s\nj\nuser@EX.com\nnone\n";
        return Stream.of(
                Arguments.of("inline:{foo=bar, foo=second}", keys),
                Arguments.of("inline:{ {a = b } }", keys),
                Arguments.of("inline:{ { x = a, b } }", keys),
                Arguments.of("inline:{ {\"k s\" = v w} }", keys),
                Arguments.of("inline:{k=v, user@ex.com=hit}", keys),
                Arguments.of("static:{ a b c }", keys),
                Arguments.of("unionmap:{inline:{k=a}, inline:{k=b}, inline:{j=c}}", keys),
                Arguments.of("pipemap:{inline:{k=a}, inline:{a=b}}", keys),
                Arguments.of("pipemap:{inline:{k=a}, inline:{x=b}}", keys),
                Arguments.of("inline:{x}", keys),
                Arguments.of("inline:{}", keys),
                Arguments.of("nosuch:x", keys),
                Arguments.of("regexp:{ {/^(.)$/ one $1}, {/^k/ kay} }", keys));
    }

    @ParameterizedTest(name = "{0} {1}:{2}")
    @MethodSource("cases")
    void checkMode_reportsTheSameWarningsAsTheBuild(String program, String type, String file, String buildFlags,
            String queryFlags) throws Exception {
        setUp(file);
        List<String> args = new ArrayList<>(List.of("-c", dir.toString()));
        if (buildFlags != null && !buildFlags.isEmpty()) {
            args.add(buildFlags);
        }
        args.add(type + ":" + dir.resolve(file));
        CliRunner.Result real = CliRunner.postfix(program, "", args, dir);
        CliRunner.Result ours = CliRunner.mailroom(program, "", args);
        assertEquals(real.err(), ours.err(), "stderr");
        assertEquals(real.status(), ours.status(), "exit status");
        assertEquals(real.out(), ours.out(), "stdout");
    }

    @Test
    void missingFilesAndConfig_failAsPostfixDoes() throws Exception {
        Files.writeString(dir.resolve("main.cf"), "compatibility_level = 3.6\n");
        for (List<String> args : List.of(
                List.of("-c", dir.toString(), "-q", "k", "hash:" + dir.resolve("missing")),
                List.of("-c", dir.toString(), dir.resolve("missing").toString()),
                List.of("-c", dir.resolve("nodir").toString(), "-q", "k", "inline:{k=v}"),
                List.of("-c", dir.toString(), "-q", "k", "foo:t1"),
                List.of("-c", dir.toString(), "-x", "t1"),
                List.of("-c", dir.toString(), "-q"))) {
            CliRunner.Result real = CliRunner.postfix("postmap", "", args, dir);
            CliRunner.Result ours = CliRunner.mailroom("postmap", "", args);
            assertEquals(real.status(), ours.status(), "exit status for " + args);
            assertEquals(real.err(), ours.err(), "stderr for " + args);
            assertEquals(real.out(), ours.out(), "stdout for " + args);
        }
    }
}
