package dev.mailroom.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code mailroom resolve}: output lines, --explain, exit statuses. */
@Timeout(30)
final class ResolveCommandTest {

    @TempDir
    Path dir;

    private record Run(String out, String err, int status) {
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new MailroomCommand());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int status = cl.execute(args);
        return new Run(out.toString(), err.toString(), status);
    }

    @BeforeEach
    void config() throws IOException {
        Files.writeString(dir.resolve("aliases"), "postmaster: root\nroot: usuario\n");
        Files.writeString(dir.resolve("virtual"), "el.holandes.errante pepe\nbartolo@gmail.com @yahoo.es\n"
                + "loop1@example.test loop2@example.test\nloop2@example.test loop1@example.test\n");
        Files.writeString(dir.resolve("users"), "usuario:x:1000:1000::/home/usuario:/bin/sh\n"
                + "pepe:x:1001:1001::/home/pepe:/bin/sh\n");
        Files.writeString(dir.resolve("main.cf"), "compatibility_level = 3.6\nmyhostname = mx.example.test\n"
                + "mydomain = example.test\nmydestination = $myhostname, example.test\nrecipient_delimiter = +\n"
                + "alias_maps = hash:" + dir.resolve("aliases") + "\n"
                + "virtual_alias_maps = hash:" + dir.resolve("virtual") + "\n");
    }

    @Test
    void resolve_printsOneLinePerDestination_exit0() {
        Run r = run("resolve", "-c", dir.toString(), "--users", dir.resolve("users").toString(),
                "postmaster@example.test", "el.holandes.errante@example.test", "bartolo@gmail.com");
        assertEquals("postmaster@example.test\tmailbox:usuario\n"
                + "el.holandes.errante@example.test\tmailbox:pepe\n"
                + "bartolo@gmail.com\trelay:smtp:yahoo.es:bartolo@yahoo.es\n", r.out());
        assertEquals(0, r.status());
    }

    @Test
    void resolve_bounceOrDefer_exit1() {
        Run r = run("resolve", "-c", dir.toString(), "--users", dir.resolve("users").toString(),
                "nobody@example.test", "loop1@example.test");
        assertEquals("nobody@example.test\tbounce:5.1.1\nloop1@example.test\tdefer:4.6.0\n", r.out());
        assertTrue(r.err().contains("unreasonable virtual_alias_maps map nesting"), r.err());
        assertEquals(1, r.status());
    }

    @Test
    void resolve_explain_showsTheChain() {
        Run r = run("resolve", "-c", dir.toString(), "--users", dir.resolve("users").toString(), "--explain",
                "POSTMASTER@example.test");
        assertTrue(r.out().startsWith("POSTMASTER@example.test\tmailbox:usuario\n"), r.out());
        assertTrue(r.out().contains("    alias_maps hash:" + dir.resolve("aliases") + ", line 1: postmaster -> root\n"),
                r.out());
        assertTrue(r.out().contains("    alias_maps hash:" + dir.resolve("aliases") + ", line 2: root -> usuario\n"), r.out());
    }

    @Test
    void resolve_configurationError_exit2() throws IOException {
        Files.writeString(dir.resolve("main.cf"), "this is bad\n");
        Run r = run("resolve", "-c", dir.toString(), "a@b.test");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("missing '=' after attribute name"), r.err());
        Run missing = run("resolve", "-c", dir.resolve("nonexistent").toString(), "a@b.test");
        assertEquals(2, missing.status());
    }
}
