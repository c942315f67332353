package dev.mailroom.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mailroom.testing.DeliveryRecord;
import dev.mailroom.testing.PostfixInstance;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A member of an alias whose delivery defers (its {@code mailbox_command_maps} lookup fails)
 * while the other members are delivered: a real Postfix 3.7 and {@code mailroom resolve} must
 * give the same outcome.
 */
final class ResolveLocalDeferIT {

    @TempDir
    Path root;

    @Test
    void memberWhoseDeliveryDefers_otherMembersDelivered_asPostfixDoes() throws IOException {
        try (PostfixInstance pf = PostfixInstance.builder(root)
                .param("mydestination", "$myhostname, localhost.$mydomain, localhost, example.test")
                .param("alias_maps", "hash:$root/etc/aliases")
                .param("alias_database", "hash:$root/etc/aliases")
                .param("forward_path", "")
                // daemon and sys are in the first table; bin's lookup reaches the failing one
                .param("mailbox_command_maps", "hash:$root/etc/commands, fail:broken")
                .postalias("aliases", "team: daemon, bin, sys\n")
                .postmap("hash", "commands", "daemon /bin/true daemon\nsys /bin/true sys\n")
                .start()) {
            pf.sendmail("sender@example.test", List.of("team@example.test"),
                    "Message-ID: <defer-1@mailroom.test>\n\nbody\n".getBytes(StandardCharsets.UTF_8));
            pf.awaitSettled(Duration.ofSeconds(60));
            Map<String, String> agents = PostfixOutcomes.discardAgents(pf.logLines());
            TreeSet<String> postfix = new TreeSet<>();
            for (DeliveryRecord d : pf.deliveriesOf("defer-1@mailroom.test")) {
                String t = PostfixOutcomes.token(d, agents, "", a -> a);
                postfix.add(t.startsWith("defer:") ? t.substring(0, t.indexOf(' ')) : t);
            }
            TreeSet<String> mailroom = new TreeSet<>();
            for (String line : PostfixOutcomes.resolve(pf.configDirectory(), "sender@example.test", "team@example.test")) {
                mailroom.add(line.substring(line.indexOf('\t') + 1));
            }
            assertEquals(new TreeSet<>(List.of("command:/bin/true daemon", "command:/bin/true sys", "defer:4.3.0")),
                    postfix, "what Postfix did");
            assertEquals(postfix, mailroom);
        }
    }
}
