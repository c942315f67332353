package dev.mailroom.mailbox.interop;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs the real peers of the interop suite; a missing binary fails the test. */
final class Tools {

    static final Path DOVEADM = Path.of("/usr/bin/doveadm");
    static final Path DOVECOT_LDA = Path.of("/usr/lib/dovecot/dovecot-lda");
    static final Path SETPRIV = Path.of("/usr/bin/setpriv");

    private Tools() {
    }

    /** The output of a finished command. */
    record Result(int code, byte[] out, String err) {
        String text() {
            return new String(out, StandardCharsets.UTF_8);
        }
    }

    static Path require(Path binary) {
        assertTrue(Files.isExecutable(binary), binary + " is needed by this interop test but is missing");
        return binary;
    }

    static String python() {
        for (String p : new String[] {"/usr/bin/python3", "/usr/local/bin/python3"}) {
            if (Files.isExecutable(Path.of(p))) {
                return p;
            }
        }
        Result r = run(List.of("sh", "-c", "command -v python3"), null, Map.of());
        String path = r.text().strip();
        assertTrue(r.code() == 0 && !path.isEmpty(), "python3 is needed by this interop test but is missing");
        return path;
    }

    static Result run(List<String> cmd, byte[] stdin, Map<String, String> env) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.environment().putAll(env);
            Process p = pb.start();
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
            try (OutputStream in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin);
                }
            }
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("timed out: " + cmd);
            }
            return new Result(p.exitValue(), out.join(), new String(err.join(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("cannot run " + cmd + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static Result ok(List<String> cmd, byte[] stdin, Map<String, String> env) {
        Result r = run(cmd, stdin, env);
        if (r.code() != 0) {
            fail(cmd + " exited " + r.code() + ": " + r.err());
        }
        return r;
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    /** Runs a Python script with arguments; its standard output. */
    static String python(String script, String... args) {
        List<String> cmd = new ArrayList<>(List.of(python(), "-c", script));
        cmd.addAll(List.of(args));
        return ok(cmd, null, Map.of()).text();
    }

    /** A JVM running {@code main} of a test class, with this JVM's class path. */
    static ProcessBuilder java(Class<?> main, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx64m");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true);
    }
}
