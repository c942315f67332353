package dev.mailroom.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/** Runs mailroom's postconf in-process, or the real one, capturing stdout, stderr and status. */
final class PostconfRunner {

    static final Path POSTCONF = Path.of("/usr/sbin/postconf");

    record Result(String out, String err, int status) {
    }

    private PostconfRunner() {
    }

    static Result mailroom(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandLine cl = new CommandLine(new PostconfCommand());
        cl.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cl.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        int status = cl.execute(args);
        return new Result(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), status);
    }

    /** The real postconf, started so that it calls itself "postconf" in its messages. */
    static Result postfix(Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>(List.of("bash", "-c", "exec -a postconf " + POSTCONF + " \"$@\"", "postconf"));
        cmd.addAll(List.of(args));
        return run(cmd, env);
    }

    static Result run(List<String> cmd, Map<String, String> env) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.environment().remove("MAIL_CONFIG");
            pb.environment().putAll(env);
            Process p = pb.start();
            p.getOutputStream().close();
            byte[][] streams = new byte[2][];
            Thread t = new Thread(() -> streams[1] = readAll(p.getErrorStream()));
            t.start();
            streams[0] = readAll(p.getInputStream());
            t.join();
            int status = p.waitFor();
            return new Result(new String(streams[0], StandardCharsets.UTF_8), new String(streams[1], StandardCharsets.UTF_8),
                    status);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static byte[] readAll(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies an example set shipped under demo/postfix/NAME into a directory. */
    static Path exampleSet(String name, Path target) throws IOException {
        Path dir = Files.createDirectories(target.resolve(name));
        for (String file : List.of("main.cf", "master.cf")) {
            try (InputStream in = PostconfRunner.class.getClassLoader()
                    .getResourceAsStream("demo/postfix/" + name + "/" + file)) {
                if (in == null) {
                    throw new IOException("example set missing: " + name + "/" + file);
                }
                Files.copy(in, dir.resolve(file));
            }
            cool(dir.resolve(file));
        }
        return dir;
    }

    /**
     * Dates a file an hour back. Postfix re-reads a main.cf modified less than a second
     * before it started reading ("hot"), repeating its warnings once per re-read; a test
     * that has just written the file must not depend on that timing.
     */
    static void cool(Path file) throws IOException {
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 3_600_000L));
    }
}
