package dev.mailroom.address;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link MailAddress#foldCase(String)} against Postfix 3.7's own folding of fixed-table keys:
 * a query finds a {@code hash:} entry built by {@code postmap} exactly when both fold to the
 * same text.
 */
final class CaseFoldingIT {

    private static final Path POSTMAP = Path.of("/usr/sbin/postmap");

    private static final List<String> KEYS = List.of("straße", "ÄBC", "ΣΑΣ", "ǅx", "Jörg@Bücher.Example",
            "MiXeD@Example.ORG", "ĲSSEL", "ﬁle");

    private static final List<String> QUERIES = List.of("STRASSE", "strasse", "Straße", "straße", "strase",
            "äbc", "ÄBC", "Äbc", "abc", "σας", "σασ", "ΣΑΣ", "ǆx", "ǄX", "Ǆx", "dzx",
            "jörg@bücher.example", "JÖRG@BÜCHER.EXAMPLE", "jorg@bucher.example",
            "mixed@example.org", "MIXED@EXAMPLE.ORG",
            "ĳssel", "ijssel", "FILE", "ﬁle");

    @TempDir
    Path dir;

    private String postmap(String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of(POSTMAP.toString(), "-c", dir.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "postmap timed out");
        return p.exitValue() + ":" + out.strip();
    }

    @Test
    void foldCase_agreesWithPostmap_onUtf8Keys() throws Exception {
        assertTrue(Files.isExecutable(POSTMAP), "Postfix's postmap is required at " + POSTMAP);
        Files.writeString(dir.resolve("main.cf"), "compatibility_level = 3.6\nsmtputf8_enable = yes\n");
        StringBuilder table = new StringBuilder();
        for (int i = 0; i < KEYS.size(); i++) {
            table.append(KEYS.get(i)).append(" v").append(i).append('\n');
        }
        Path t = dir.resolve("t");
        Files.writeString(t, table.toString());
        assertEquals("0:", postmap("hash:" + t));
        for (String q : QUERIES) {
            String expected = "1:";
            for (int i = 0; i < KEYS.size(); i++) {
                if (MailAddress.foldCase(KEYS.get(i)).equals(MailAddress.foldCase(q))) {
                    expected = "0:v" + i;
                }
            }
            assertEquals(expected, postmap("-q", q, "hash:" + t), "query " + q);
        }
    }
}
