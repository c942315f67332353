package dev.mailroom.cli;

import dev.mailroom.internal.LogicalLine;
import dev.mailroom.internal.LogicalLineReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The little of {@code main.cf} that {@code mailroom postmap}/{@code postalias} need: the config
 * directory ({@code -c DIR}, else {@code MAIL_CONFIG}, else {@code /etc/postfix}) must hold a
 * {@code main.cf}, and {@code smtputf8_enable} (default: yes from compatibility level 1 on)
 * decides how keys are case-folded. To be replaced by the {@code dev.mailroom.config} API.
 */
final class MainCfMinimal {

    private final boolean utf8;

    private MainCfMinimal(boolean utf8) {
        this.utf8 = utf8;
    }

    /**
     * Reads {@code DIR/main.cf}.
     *
     * @param dirOption the {@code -c} argument, or null
     * @param env the process environment
     * @throws IOException worded as Postfix words it ({@code open DIR/main.cf: No such file or
     *     directory}) when the file cannot be read
     */
    static MainCfMinimal load(String dirOption, Map<String, String> env) throws IOException {
        String dir = dirOption != null ? dirOption : env.getOrDefault("MAIL_CONFIG", "/etc/postfix");
        String file = dir + "/main.cf";
        List<LogicalLine> lines;
        try {
            lines = LogicalLineReader.read(LogicalLineReader.decode(Files.readAllBytes(Path.of(file))), file, w -> { });
        } catch (NoSuchFileException e) {
            throw new IOException("open " + file + ": No such file or directory", e);
        }
        Map<String, String> params = new HashMap<>();
        for (LogicalLine ll : lines) {
            int eq = ll.text().indexOf('=');
            if (eq > 0) {
                params.put(ll.text().substring(0, eq).strip(), ll.text().substring(eq + 1).strip());
            }
        }
        String smtputf8 = params.get("smtputf8_enable");
        boolean utf8;
        if (smtputf8 != null && !smtputf8.contains("$")) {
            utf8 = smtputf8.equalsIgnoreCase("yes");
        } else {
            String level = params.getOrDefault("compatibility_level", "0");
            utf8 = !level.equals("0") && !level.isEmpty();
        }
        return new MainCfMinimal(utf8);
    }

    /** @return whether SMTPUTF8 (and so Unicode key folding) is on */
    boolean utf8() {
        return utf8;
    }
}
