package dev.mailroom.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mailroom.testing.DeliveryRecord;
import dev.mailroom.testing.PostfixInstance;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which {@code .forward} file local(8) reads, and what it does with a {@code .forward} or
 * {@code :include:} file met a second time in one delivery: a real Postfix 3.7 and
 * {@code mailroom resolve} must give the same outcome for each recipient.
 */
final class ResolveForwardFileIT {

    @TempDir
    Path root;

    @Test
    void forwardAndIncludeFiles_areReadAsPostfixReadsThem() throws IOException {
        Path fwd = Files.createDirectories(root.resolve("forward"));
        Files.setPosixFilePermissions(fwd, PosixFilePermissions.fromString("rwxrwxrwx"));
        // the first path of forward_path that exists is the only one looked at
        Files.writeString(fwd.resolve("daemon.first"), "");
        Files.writeString(fwd.resolve("daemon.second"), "bin\n");
        Files.createDirectory(fwd.resolve("sys.first"));
        Files.writeString(fwd.resolve("sys.second"), "bin\n");
        Files.writeString(fwd.resolve("uucp.second"), "bin\n");
        Files.createSymbolicLink(fwd.resolve("uucp.first"), fwd.resolve("uucp.second"));
        Files.writeString(fwd.resolve("lp.second"), "bin\n");
        // a .forward met again once expanded, and an :include: file met again
        Files.writeString(fwd.resolve("news.first"), "bin\n");
        Map<String, List<String>> expected = new LinkedHashMap<>();
        expected.put("daemon@example.test", List.of("mailbox:daemon"));
        expected.put("sys@example.test", List.of("mailbox:sys"));
        expected.put("uucp@example.test", List.of("mailbox:uucp"));
        expected.put("lp@example.test", List.of("mailbox:bin"));
        expected.put("team@example.test", List.of("mailbox:bin"));
        expected.put("l1-list@example.test", List.of());
        try (PostfixInstance pf = PostfixInstance.builder(root)
                .param("mydestination", "$myhostname, localhost.$mydomain, localhost, example.test")
                .param("recipient_delimiter", "+-")
                .param("alias_maps", "hash:$root/etc/aliases")
                .param("alias_database", "hash:$root/etc/aliases")
                .param("forward_path", "$root/forward/$user.first, $root/forward/$user.second")
                .file("l1.inc", "l1\n")
                .postalias("aliases", "team: news, again\nagain: news\nl1: :include:$root/etc/l1.inc\n")
                .start()) {
            int i = 0;
            for (String rcpt : expected.keySet()) {
                pf.sendmail("sender@example.test", List.of(rcpt),
                        ("Message-ID: <fwd-" + i++ + "@mailroom.test>\n\nbody\n").getBytes(StandardCharsets.UTF_8));
            }
            pf.awaitSettled(Duration.ofSeconds(60));
            Map<String, String> agents = PostfixOutcomes.discardAgents(pf.logLines());
            i = 0;
            for (Map.Entry<String, List<String>> e : expected.entrySet()) {
                TreeSet<String> postfix = new TreeSet<>();
                for (DeliveryRecord d : pf.deliveriesOf("fwd-" + i++ + "@mailroom.test")) {
                    if (!d.text().startsWith("forwarded as ")) {
                        postfix.add(PostfixOutcomes.token(d, agents, "+-", a -> a));
                    }
                }
                TreeSet<String> mailroom = new TreeSet<>();
                for (String line : PostfixOutcomes.resolve(pf.configDirectory(), "sender@example.test", e.getKey())) {
                    mailroom.add(line.substring(line.indexOf('\t') + 1));
                }
                assertEquals(new TreeSet<>(e.getValue()), postfix, "what Postfix did for " + e.getKey());
                assertEquals(postfix, mailroom, e.getKey());
            }
        }
    }
}
