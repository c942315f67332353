package dev.mailroom.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every entry of the defaults table against the real {@code postconf -d -c DIR NAME}, on an
 * empty {@code main.cf}; computed defaults are compared with the same machine's facts.
 */
final class PostfixDefaultsIT {

    private static final Path POSTCONF = Path.of("/usr/sbin/postconf");

    @TempDir
    Path dir;

    private record Run(long pid, Map<String, String> values, String stderr, int status) {
    }

    private Run postconf(List<String> args) throws IOException, InterruptedException {
        assertTrue(Files.isExecutable(POSTCONF), "Postfix's postconf is needed: " + POSTCONF);
        List<String> cmd = new ArrayList<>(List.of(POSTCONF.toString()));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.PIPE).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        int status = p.waitFor();
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            int eq = line.indexOf(" =");
            values.put(line.substring(0, eq), line.substring(eq + 2).strip());
        }
        return new Run(p.pid(), values, err, status);
    }

    private static String collapse(String s) {
        return String.join(" ", s.strip().split("[ \t\r\n]+"));
    }

    @Test
    void everyTableEntry_equalsPostconfDashD() throws Exception {
        Files.writeString(dir.resolve("main.cf"), "");
        Files.writeString(dir.resolve("master.cf"), "");
        PostfixDefaults table = PostfixDefaults.postfix37();
        List<String> args = new ArrayList<>(List.of("-d", "-c", dir.toString()));
        args.addAll(table.names());
        args.addAll(table.legacyNames());
        Run run = postconf(args);
        assertEquals(0, run.status(), run.stderr());
        assertEquals("", run.stderr());
        PostfixDefaults same = PostfixDefaults.postfix37(new MachineFacts() {
            private final MachineFacts system = MachineFacts.system();

            @Override
            public String hostName() {
                return system.hostName();
            }

            @Override
            public List<LocalAddress> addresses() {
                return system.addresses();
            }

            @Override
            public long processId() {
                return run.pid();
            }
        }).withProcessName("postconf");
        List<String> wrong = new ArrayList<>();
        for (String name : table.names()) {
            String expected = run.values().get(name);
            String actual = collapse(same.defaultValue(name).orElse("<missing>"));
            if (!actual.equals(expected)) {
                wrong.add(name + ": postconf says '" + expected + "', mailroom '" + actual + "'");
            }
        }
        for (String legacy : table.legacyNames()) {
            if (!"".equals(run.values().get(legacy))) {
                wrong.add(legacy + ": not a legacy name with an empty default");
            }
        }
        assertEquals(List.of(), wrong);
        assertEquals(table.names().size() + table.legacyNames().size(), run.values().size());
    }

    @Test
    void postconfDashD_listsNoParameterTheTableLacks() throws Exception {
        Files.writeString(dir.resolve("main.cf"), "");
        Files.writeString(dir.resolve("master.cf"), "");
        Run run = postconf(List.of("-d", "-c", dir.toString()));
        assertEquals(0, run.status(), run.stderr());
        assertEquals(List.copyOf(PostfixDefaults.postfix37().names()), List.copyOf(run.values().keySet()));
    }

    @Test
    void computedDefaults_followMainCf_likePostconf() throws Exception {
        Files.writeString(dir.resolve("master.cf"), "");
        String[][] cases = {
            {"compatibility_level = 3.6", "mynetworks"},
            {"mynetworks_style = class", "mynetworks"},
            {"inet_protocols = ipv4", "mynetworks"},
            {"inet_interfaces = loopback-only", "mynetworks"},
            {"mydomain = bar.test", "myhostname"},
            {"myhostname = foo", "mydomain"},
            {"myhostname = mx.example.com", "mydomain"},
        };
        for (String[] c : cases) {
            Files.writeString(dir.resolve("main.cf"), c[0] + "\n");
            Run run = postconf(List.of("-c", dir.toString(), c[1]));
            MainConfig config = MainConfig.load(dir, PostfixDefaults.postfix37());
            assertEquals(run.values().get(c[1]), config.get(c[1]), c[0]);
        }
    }
}
