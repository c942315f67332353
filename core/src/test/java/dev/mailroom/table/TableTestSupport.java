package dev.mailroom.table;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Writes table sources and opens them while recording warnings. */
final class TableTestSupport {

    final Path dir;
    final List<String> warnings = new ArrayList<>();

    TableTestSupport(Path dir) {
        this.dir = dir;
    }

    Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    TableOptions.Builder options() {
        return TableOptions.builder().reloadCheckInterval(Duration.ZERO).warnings(w -> warnings.add(w.message()));
    }

    LookupTable open(String spec) throws TableException {
        return LookupTables.open(spec, options().build());
    }

    LookupTable open(String type, String name, String text) throws IOException {
        return open(type + ":" + write(name, text));
    }

    /** The warnings with the temp directory prefix removed. */
    List<String> warnings() {
        List<String> out = new ArrayList<>();
        for (String w : warnings) {
            out.add(w.replace(dir.toString() + "/", ""));
        }
        return out;
    }
}
