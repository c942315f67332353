package dev.mailroom.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * What a demo section works with: an output, and a work directory under {@code target/}
 * holding a fresh copy of the example files shipped in the jar under {@code demo/}.
 */
final class DemoContext {

    private final PrintWriter out;
    private final Path work;

    private DemoContext(PrintWriter out, Path work) {
        this.out = out;
        this.work = work;
    }

    /**
     * Copies every file listed in {@code demo/files.txt} into {@code work}.
     *
     * @throws IOException when a file cannot be written
     */
    static DemoContext create(PrintWriter out, Path work) throws IOException {
        Files.createDirectories(work);
        for (String name : listing()) {
            Path target = work.resolve(name);
            Files.createDirectories(target.getParent());
            try (InputStream in = open("demo/" + name)) {
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return new DemoContext(out, work);
    }

    private static List<String> listing() throws IOException {
        try (InputStream in = open("demo/files.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .toList();
        }
    }

    private static InputStream open(String resource) {
        InputStream in = DemoContext.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new UncheckedIOException(new IOException("demo resource missing from the jar: " + resource));
        }
        return in;
    }

    PrintWriter out() {
        return out;
    }

    /** The demo's work directory, e.g. {@code target/demo}. */
    Path work() {
        return work;
    }

    /** A file of the example set, resolved in the work directory. */
    Path file(String relative) {
        return work.resolve(relative);
    }
}
